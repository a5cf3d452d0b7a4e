/**
 * JSON Lines split into lines as text arrives, chunk by chunk, so a dataset of any size is read
 * without holding it whole: a byte order mark at the start is dropped, CRLF and LF both end a
 * line, and a line may span any number of chunks (a 5 MB line is one line).
 */
export class JsonlLineSplitter {
  private pending = '';
  private lineNo = 0;
  private started = false;

  constructor(private readonly onLine: (line: number, text: string) => void) {}

  /** Feeds the next chunk of text; every line it completes is reported. */
  push(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      this.pending += chunk;
      return;
    }
    // The first line may have begun in earlier chunks; the rest are whole in this one.
    this.emit(this.pending + chunk.slice(0, nl));
    this.pending = '';
    start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      this.emit(chunk.slice(start, nl));
      start = nl + 1;
    }
    this.pending = chunk.slice(start);
  }

  /** The end of the text: a last line without a newline is reported. */
  end(): void {
    if (this.pending.length > 0) this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    this.lineNo++;
    this.onLine(this.lineNo, line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
