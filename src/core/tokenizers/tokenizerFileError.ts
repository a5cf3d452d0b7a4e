/**
 * A tokenizer file that could not be used, with its path and the reason apart: the worker
 * reports both to the host, which names the file and says why (the status bar's tooltip, a
 * warning, the log) without parsing a message. `message` is the whole sentence, as before.
 * The reason never quotes the file's content (see readTokenizerJson).
 */
export class TokenizerFileError extends Error {
  constructor(
    readonly file: string,
    /** Why, without the path: `not found`, `it is a FIFO, not a regular file`, `it is not JSON…`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
