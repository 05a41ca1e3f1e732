import type { Server } from 'node:http';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { urlencoded } from 'body-parser';
import helmet from 'helmet';
import type { Runtime } from '@wenzheng/platform';
import { AppModule } from './app.module';
import { ErrorMappers } from './http/error-mappers';
import { ErrorFilter } from './http/error.filter';
import {
  bodyParserErrors,
  checkRequestInput,
  refuseUnreadBody,
  refuseOversizedBody,
  refuseUnknownContentEncoding,
  requireUtf8,
} from './http/request-input';
import { createValidationPipe } from './http/validation';
import { DevTokenModule } from './dev-token/dev-token.module';
import { serveWeb } from './web/serve-web';
import { bindWithoutDeprecatedProperty } from './http/async-bind';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  logger?: false;
  /** The built screens (dist/web): served at / and /console when the folder holds a build. */
  webRoot?: string;
  /** Enables POST /api/dev/token, signing with this secret: only the generated development one (dev-token.policy.ts). */
  devTokenSecret?: string;
}

/** The HTTP application over a runtime; `npm start` and the HTTP tests build it the same way. */
export async function createApp(runtime: Runtime, options: CreateAppOptions = {}): Promise<INestApplication> {
  bindWithoutDeprecatedProperty();
  const level = runtime.config.logLevel;
  const root = AppModule.forRuntime(runtime);
  const module = options.devTokenSecret
    ? { ...root, imports: [...(root.imports ?? []), DevTokenModule.forSecret(options.devTokenSecret)] }
    : root;
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: options.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(level) + 1),
  });
  app.use(refuseUnknownContentEncoding);
  app.use(refuseOversizedBody(runtime.config.bodyLimit));
  app.useBodyParser('json', { limit: runtime.config.bodyLimit, strict: true, verify: requireUtf8 });
  // Open311 clients (FixMyStreet) POST form-encoded; only there is that parsed, and checked like JSON.
  app.use('/open311', urlencoded({ extended: false, limit: runtime.config.bodyLimit, verify: requireUtf8 }));
  app.use('/api', refuseUnreadBody);
  app.use(bodyParserErrors);
  app.use(checkRequestInput);
  // The built screens load only their own scripts; antd writes its styles into <style> elements
  // (helmet's default allows inline styles, not inline scripts). No upgrade-insecure-requests: a
  // console opened over plain http on an office network must still load its assets.
  // The console's single sign-on fetches the issuer's discovery document and token endpoint.
  // The console shows an attachment's original, fetched with its token, from a blob: URL.
  const issuer = runtime.config.oidc ? [new URL(runtime.config.oidc.issuer).origin] : [];
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'upgrade-insecure-requests': null, 'connect-src': ["'self'", ...issuer], 'img-src': ["'self'", 'data:', 'blob:'] },
      },
    }),
  );
  if (options.webRoot) serveWeb(app, options.webRoot);
  if (runtime.config.corsOrigins.length) app.enableCors({ origin: runtime.config.corsOrigins, credentials: false });
  app.set('trust proxy', runtime.config.trustProxy);
  applyServerTimeouts(app.getHttpServer() as Server, runtime.config.httpRequestTimeoutMs);
  answerMalformedRequests(app.getHttpServer() as Server);
  app.setGlobalPrefix('api', { exclude: ['health', 'health/live', 'metrics', 'open311/v2/{*path}'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter(app.get(ErrorMappers)));
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wenzheng 问政 API')
      .setDescription('Case handling for the city petition platform: commands, public sunshine listing, queues, audit and reports.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Access-Key' }, 'access-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  return app;
}

/**
 * A client that sends its headers and then trickles the body (slowloris) holds a connection and a
 * body-parser buffer: after `requestTimeoutMs` without a complete request Node answers 408 and closes.
 */
function applyServerTimeouts(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 20_000);
  server.keepAliveTimeout = 5_000;
  // Node checks both timeouts on this interval (30 s by default, read when the server starts
  // listening), so without it a request could outlive its timeout by up to 30 s.
  Object.assign(server, { connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs) });
}

/** A 400's field and rule (`details`, as every 400 of the API names them); the other statuses name none. */
const CLIENT_ERRORS: Record<string, { status: number; reason: string; message: string; field?: string; rule?: string }> = {
  HPE_INVALID_URL: {
    status: 400,
    reason: 'Bad Request',
    message: 'request line: the URL has characters that must be percent-encoded (UTF-8); with curl use -G --data-urlencode "q=…"',
    field: 'request line',
    rule: 'percentEncoded',
  },
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', message: 'headers: larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', message: 'request: not received completely in time' },
};

/**
 * Node's parser refuses a malformed request before Express sees it and answers a bare 400 with an
 * empty body, which tells a client nothing (a raw UTF-8 query such as `?q=噪音` is the usual one).
 * Say what is wrong in the API's error shape; the status codes stay Node's.
 */
function answerMalformedRequests(server: Server): void {
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    const responding = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (!socket.writable || responding || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const known = CLIENT_ERRORS[err.code ?? ''] ?? {
      status: 400,
      reason: 'Bad Request',
      message: 'request: not a well-formed HTTP/1.1 request',
      field: 'request',
      rule: 'http',
    };
    const { status, reason, message, field, rule } = known;
    const details = field && rule ? [{ field, rule, message }] : undefined;
    const body = JSON.stringify({ statusCode: status, error: reason, message, ...(details && { details }) });
    socket.end(
      `HTTP/1.1 ${known.status} ${known.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
