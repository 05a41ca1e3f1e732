/** The console's bearer token, per browser tab (sessionStorage): closing the tab signs out. */
const KEY = 'wz.console.token';

export interface Session {
  token: string;
  role: string;
  departmentId?: string;
}

function decode(token: string): Omit<Session, 'token'> | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
      roles?: string[] | string;
      departmentId?: string;
      exp?: number;
    };
    if (payload.exp && payload.exp * 1000 < Date.now()) return undefined;
    const role = Array.isArray(payload.roles) ? payload.roles[0] : payload.roles;
    return role ? { role, departmentId: payload.departmentId } : undefined;
  } catch {
    return undefined;
  }
}

export function currentSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  const claims = token ? decode(token) : undefined;
  return token && claims ? { token, ...claims } : undefined;
}

export function signIn(token: string): Session | undefined {
  forgetSessionMemory(); // a new person at the same desk starts with nothing of the last one's
  sessionStorage.setItem(KEY, token);
  return currentSession();
}

export function signOut(): void {
  forgetSessionMemory();
  sessionStorage.removeItem(KEY);
}

/**
 * What a screen keeps for this person in memory only (never the URL or storage), such as the phone
 * 案件查询 last searched by: gone at sign-out and sign-in, so the next person at a shared desk sees none of it.
 */
export const sessionMemory = new Map<string, unknown>();
const forgetSessionMemory = () => sessionMemory.clear();
