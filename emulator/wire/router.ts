// Route table: `METHOD /v1/things/:id/action` patterns matched segment by segment.
import type { Emulator } from '../core/context';
import type { FormObject } from './form';

export interface Call {
  emu: Emulator;
  params: FormObject;
  path: Record<string, string>;
  /** Authenticated with a publishable key (a Stripe.js call from the browser). */
  publishable: boolean;
}

export type Handler = (call: Call) => object;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: Handler;
  /** Reachable with a publishable key plus the object's client_secret. */
  publishable?: boolean;
}

interface Compiled {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly byMethod = new Map<string, Compiled[]>();

  constructor(routes: Route[]) {
    for (const route of routes) {
      const list = this.byMethod.get(route.method) ?? [];
      list.push({ route, segments: route.path.split('/').filter(Boolean) });
      this.byMethod.set(route.method, list);
    }
  }

  match(method: string, pathname: string): { route: Route; path: Record<string, string> } | null {
    const parts = pathname.split('/').filter(Boolean);
    for (const c of this.byMethod.get(method) ?? []) {
      if (c.segments.length !== parts.length) continue;
      const path: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) path[seg.slice(1)] = part;
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: c.route, path };
    }
    return null;
  }
}
