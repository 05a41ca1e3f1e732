import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

/**
 * The screens' unit and component tests (`npm run test:web`; `npm test` runs them before Jest). They
 * run on the build's own Vite config — its plugins (React's JSX) and, were it to get any, its aliases —
 * so a test sees the module graph the browser gets. Plain functions (*.spec.ts) run in Node; components
 * (*.spec.tsx) in jsdom, whose start costs about a second a file.
 */
export default defineConfig((env) =>
  mergeConfig(viteConfig(env), {
    test: {
      root: __dirname,
      // Both cores: Vitest's default leaves one free (availableParallelism - 1, one worker on CI's two cores), and
      // nothing else runs beside it there (Jest starts after). 132 s → 106 s for the suite on this machine.
      maxWorkers: 2,
      // A worker's files share its module graph (antd, React, the app's modules evaluated once, not 29
      // times): 120 s → 64 s for the suite on this machine, and passing with the files shuffled (seeds 1
      // and 2). Each file still gets its own jsdom document; a file that changes a module's state puts it back.
      isolate: false,
      projects: [
        { extends: true, test: { name: 'web-unit', include: ['src/**/*.spec.ts'], environment: 'node' } },
        {
          extends: true,
          test: {
            name: 'web-components',
            include: ['src/**/*.spec.tsx'],
            environment: 'jsdom',
            setupFiles: ['src/test/setup.ts'],
            // antd's first form takes seconds to render on a busy two-core machine (CI runs Jest's PostgreSQL after, not beside).
            testTimeout: 30_000,
          },
        },
      ],
    },
  }),
);
