import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { megabytesToBytes, type Settings } from '../../src/core/catalog/settings';
import type { SettingsChange } from '../../src/host/platform/configuration';
import { countInput, createCountQuery } from '../../src/host/count/countQuery';
import { TrackedDocuments, type MirrorWorker } from '../../src/host/documents/trackedDocuments';
import { WorkerRequestError } from '../../src/host/platform/workerClient';
import type { HostNotification } from '../../src/worker/protocol';
import { EventEmitter, fakeWorkspace } from './support/fakeVscode';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const MB = 1024 * 1024;

/** A text document as far as the pipeline reads one; `measured` counts full-text reads. */
class FakeDocument {
  measured = 0;
  constructor(
    public text: string,
    public version = 1,
    readonly uri = { scheme: 'file', path: '/a.md', toString: () => 'file:///a.md' },
  ) {}
  get lineCount() {
    return 1;
  }
  getText() {
    this.measured++;
    return this.text;
  }
  lineAt() {
    return { range: { end: 'end' } };
  }
  offsetAt() {
    return this.text.length;
  }
  /** Edits the text as VS Code would and fires the change event. */
  edit(insert: string): void {
    this.text += insert;
    this.version++;
    const change = { rangeOffset: this.text.length - insert.length, rangeLength: 0, text: insert };
    fakeWorkspace.fireChange({ document: this as unknown as vscode.TextDocument, contentChanges: [change] } as unknown as vscode.TextDocumentChangeEvent);
  }
}
const asDocument = (d: FakeDocument) => d as unknown as vscode.TextDocument;

interface Request {
  method: string;
  params: unknown;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** The worker's side: what it was told, and its requests for the test to settle. */
class FakeWorker {
  readonly notifications: HostNotification[] = [];
  readonly requests: Request[] = [];
  generation = 1;
  readonly desync = new EventEmitter<{ kind: 'desync'; uri: string; message: string }>();
  readonly restarted = new EventEmitter<void>();
  readonly onDesync = this.desync.event;
  readonly onDidRestart = this.restarted.event;
  notify(message: HostNotification): void {
    this.notifications.push(message);
  }
  request(method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.requests.push({ method, params, resolve, reject }));
  }
  kinds(): string[] {
    return this.notifications.map((n) => n.kind);
  }
}

describe('TrackedDocuments', () => {
  let worker: FakeWorker;
  let settingsChanged: EventEmitter<SettingsChange>;
  let maxFileSizeMB: number;
  let tracked: TrackedDocuments;
  beforeEach(() => {
    worker = new FakeWorker();
    settingsChanged = new EventEmitter<SettingsChange>();
    maxFileSizeMB = 1;
    fakeWorkspace.textDocuments = [];
    const configuration = { forDocument: () => ({ maxFileSizeMB, maxFileBytes: megabytesToBytes(maxFileSizeMB) }) as Settings, onDidChange: settingsChanged.event };
    tracked = new TrackedDocuments(worker as unknown as MirrorWorker, configuration);
  });
  afterEach(() => tracked.dispose());

  it('sends the full text once, then only the edits with their versions', () => {
    const doc = new FakeDocument('hello');
    tracked.ensureMirrored(asDocument(doc));
    tracked.ensureMirrored(asDocument(doc));
    doc.edit(' world');
    assert.deepEqual(worker.kinds(), ['open', 'change']);
    assert.deepEqual(worker.notifications[1], { kind: 'change', uri: 'file:///a.md', version: 2, changes: [{ offset: 5, deleteCount: 0, insert: ' world' }], length: 11 });
    assert.ok(tracked.isMirrored(asDocument(doc)));
  });

  it('fires its change event after the worker has the edit, whoever subscribed first', () => {
    const doc = new FakeDocument('hello');
    tracked.ensureMirrored(asDocument(doc));
    const seen: string[][] = [];
    tracked.onDidChange((e) => {
      assert.equal(e.at.version, 2);
      seen.push(worker.kinds());
    });
    doc.edit('!');
    assert.deepEqual(seen, [['open', 'change']]);
  });

  it('never sends a document nobody asked about, and ignores output channels', () => {
    const doc = new FakeDocument('hello');
    doc.edit('!');
    assert.deepEqual(worker.kinds(), []);
    const log = new FakeDocument('log line', 1, { scheme: 'output', path: 'x', toString: () => 'output:x' });
    assert.ok(!tracked.isTracked(asDocument(log)));
  });

  it('counts a document within a third of the limit in UTF-16 units as fitting without reading its text', () => {
    const doc = new FakeDocument('a'.repeat(MB / 3 - 1));
    assert.deepEqual(tracked.sizeVerdict(asDocument(doc)), { fits: true });
    assert.equal(doc.measured, 0);
  });

  it('measures the exact UTF-8 size only when the bounds disagree, once per version', () => {
    // 400k euro signs: 400k units (3 bytes each bound says maybe too large), 1.2 MB of UTF-8.
    const doc = new FakeDocument('€'.repeat(400_000));
    assert.deepEqual(tracked.sizeVerdict(asDocument(doc)), { fits: false, bytes: 1_200_000, limitMB: 1 });
    assert.ok(!tracked.isTracked(asDocument(doc)));
    assert.equal(doc.measured, 1);
    // The same characters as ASCII fit: 400k bytes.
    const ascii = new FakeDocument('e'.repeat(400_000));
    assert.deepEqual(tracked.sizeVerdict(asDocument(ascii)), { fits: true });
    maxFileSizeMB = 2;
    assert.deepEqual(tracked.sizeVerdict(asDocument(doc)), { fits: true }, 'the limit is read from the settings each time');
  });

  it('stops mirroring a document the worker measured over the limit, and then measures it itself', () => {
    const doc = new FakeDocument('€'.repeat(300_000)); // 900 kB: fits
    tracked.ensureMirrored(asDocument(doc));
    doc.edit('€'.repeat(100_000)); // 1.2 MB, but mirrored: the worker's count will say
    assert.deepEqual(tracked.sizeVerdict(asDocument(doc)), { fits: true });
    assert.deepEqual(tracked.checkSize(asDocument(doc), 1_200_000), { fits: false, bytes: 1_200_000, limitMB: 1 });
    assert.deepEqual(worker.kinds(), ['open', 'change', 'close']);
    assert.equal(tracked.sizeVerdict(asDocument(doc)).fits, false);
  });

  it('re-sends the open documents the old worker had to a new one before telling subscribers', () => {
    const open = new FakeDocument('kept');
    const closed = new FakeDocument('gone', 1, { scheme: 'file', path: '/b.md', toString: () => 'file:///b.md' });
    tracked.ensureMirrored(asDocument(open));
    tracked.ensureMirrored(asDocument(closed));
    fakeWorkspace.textDocuments = [asDocument(open)];
    let seenAtRestart: string[] = [];
    tracked.onDidRestart(() => (seenAtRestart = worker.notifications.map((n) => ('uri' in n ? `${n.kind} ${n.uri}` : n.kind))));
    worker.notifications.length = 0;
    worker.restarted.fire();
    assert.deepEqual(seenAtRestart, ['open file:///a.md']);
  });

  it('forgets a closed document and tells the worker', () => {
    const doc = new FakeDocument('x');
    tracked.ensureMirrored(asDocument(doc));
    fakeWorkspace.fireClose(asDocument(doc));
    assert.deepEqual(worker.kinds(), ['open', 'close']);
    assert.ok(!tracked.isMirrored(asDocument(doc)));
  });

  it('sends the status bar and the CodeLens one count request for the same version and tokenizer', async () => {
    const counts = createCountQuery(tracked);
    const doc = new FakeDocument('hello');
    const statusBar = counts.ask(countInput(asDocument(doc), 'o200k_base'));
    const codeLens = counts.ask(countInput(asDocument(doc), 'o200k_base'));
    assert.equal(worker.requests.length, 1);
    assert.deepEqual(worker.requests[0].params, { uri: 'file:///a.md', version: 1, tokenizer: 'o200k_base', selections: [] });
    assert.deepEqual(worker.kinds(), ['open'], 'the request mirrored the document first');
    worker.requests[0].resolve({ tokens: 1 });
    assert.deepEqual(await statusBar, { tokens: 1 });
    assert.equal(await codeLens, await statusBar);
    // A selection is another question.
    void counts.ask(countInput(asDocument(doc), 'o200k_base', [[0, 2]]));
    assert.equal(worker.requests.length, 2);
  });

  it('re-sends the text and asks once more when the worker has no mirror', async () => {
    const counts = createCountQuery(tracked);
    const doc = new FakeDocument('hello');
    const answer = counts.ask(countInput(asDocument(doc), 'o200k_base'));
    worker.requests[0].reject(new WorkerRequestError('unknownDocument', 'no mirror'));
    await settle();
    assert.deepEqual(worker.kinds(), ['open', 'open']);
    worker.requests[1].resolve({ tokens: 1 });
    assert.deepEqual(await answer, { tokens: 1 });
  });

  it('asks the worker again after a settings change, a new worker or a close, not before', async () => {
    const counts = createCountQuery(tracked);
    const doc = new FakeDocument('hello');
    const ask = () => void counts.ask(countInput(asDocument(doc), 'o200k_base'));
    ask();
    worker.requests[0].resolve({ tokens: 1 });
    await settle();
    ask();
    assert.equal(worker.requests.length, 1);
    settingsChanged.fire({ affects: () => true });
    ask();
    assert.equal(worker.requests.length, 2);
    worker.requests[1].resolve({ tokens: 1 });
    await settle();
    ask();
    assert.equal(worker.requests.length, 2);
    worker.restarted.fire();
    ask();
    assert.equal(worker.requests.length, 3);
    worker.requests[2].resolve({ tokens: 1 });
    await settle();
    fakeWorkspace.fireClose(asDocument(doc));
    ask();
    assert.equal(worker.requests.length, 4);
  });
});
