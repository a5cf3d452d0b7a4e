/**
 * The webview's side of VS Code: messages to the host, and the state VS Code keeps for the
 * panel across hiding, reloads and restarts (the host's WebviewPanelSerializer restores it).
 */
import type { HostToWebview, PanelState, WebviewToHost } from '../messages';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** Provided by VS Code in every webview; callable once per page. */
declare function acquireVsCodeApi(): VsCodeWebviewApi;

export interface PanelApi {
  post(message: WebviewToHost): void;
  loadState(): PanelState;
  saveState(state: PanelState): void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The saved state, or an empty one when it is missing or not ours: a state saved by another
 * version of the panel must not stop the panel from starting.
 */
function toPanelState(value: unknown): PanelState {
  if (!isObject(value)) return {};
  const view = isObject(value.view) ? (value.view as unknown as PanelState['view']) : undefined;
  const sort =
    isObject(value.sort) && typeof value.sort.column === 'string' && typeof value.sort.descending === 'boolean'
      ? { column: value.sort.column, descending: value.sort.descending }
      : undefined;
  const chart = value.chart === 'cost' || value.chart === 'tokens' ? value.chart : undefined;
  return { view, sort, chart };
}

export function panelApi(): PanelApi {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => toPanelState(api.getState()),
    saveState: (state) => api.setState(state),
  };
}

const FORMATS: readonly string[] = ['markdown', 'csv', 'json'];

/** Whether a message event carries one of the host's messages, in the shape messages.ts gives it. */
export function isHostMessage(data: unknown): data is HostToWebview {
  if (!isObject(data)) return false;
  switch (data.type) {
    case 'update':
      return isObject(data.view) && isObject(data.view.compression) && Array.isArray(data.view.models);
    case 'status':
      return isObject(data.status) && typeof data.status.kind === 'string';
    case 'exported':
      return typeof data.format === 'string' && FORMATS.includes(data.format);
    default:
      return false;
  }
}
