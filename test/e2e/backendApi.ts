// The plugin's REST API as a second witness beside the browser: a Backstage token obtained the way
// the guest sign-in gets one, then plain fetch.
import type { FunctionDetails, FunctionsPage, FunctionSummary } from '../../src/common/api';
import { BACKEND_URL } from './portal';

const API = `${BACKEND_URL}/api/serverless-tracing`;

export class BackendApi {
  private constructor(private readonly token: string) {}

  /** Signs in as the guest user, as the dev app's sign-in page does. */
  static async signInAsGuest(): Promise<BackendApi> {
    const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    if (!res.ok) throw new Error(`Guest sign-in at the auth backend answered HTTP ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { backstageIdentity?: { token?: string } };
    const token = body.backstageIdentity?.token;
    if (!token) throw new Error('Guest sign-in answered without backstageIdentity.token');
    return new BackendApi(token);
  }

  async listFunctions(query: Record<string, string>): Promise<FunctionsPage> {
    return this.get<FunctionsPage>(`/functions?${new URLSearchParams(query)}`);
  }

  /** Every function the filters match, page by page. */
  async allFunctions(query: Record<string, string>): Promise<FunctionSummary[]> {
    const all: FunctionSummary[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.listFunctions({ ...query, offset: String(offset), limit: '100' });
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return all;
    }
  }

  async getFunction(arn: string): Promise<FunctionDetails> {
    return this.get<FunctionDetails>(`/functions/${encodeURIComponent(arn)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`GET ${path} answered HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }
}
