/**
 * Tokenscope's tools for agents in VS Code (Copilot's agent mode, any chat participant):
 * `vscode.lm.registerTool` for each tool of core/agentTools, where VS Code has the API (1.95+;
 * package.json `contributes.languageModelTools`, written by scripts/manifest.mjs from the same
 * table). A user can also name one in a prompt: `#tokens`, `#fits`, `#compareModels`,
 * `#biggestFiles`.
 *
 * The tools only read files inside the workspace and count them on this machine, so, as VS
 * Code's guidance has it for tools without side effects, they ask for no confirmation; their
 * progress message says what is being counted. Counting runs in the tokenizer worker, and a
 * cancelled chat request stops a folder count at its next batch. In Restricted Mode they work
 * the same: they read what the Tokens view reads there, with the settings Restricted Mode leaves.
 */
import { runTool } from '../../core/agentTools/runTool';
import { TOOL_DEFINITIONS, TOOL_NAMES, type ToolName } from '../../core/agentTools/toolDefinitions';
import type { ToolResult } from '../../core/agentTools/toolHost';
import type { Localizer } from '../../core/l10n';
import type { Configuration } from '../platform/configuration';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import type { WorkerClient } from '../platform/workerClient';
import { languageModelApi, type LanguageModelTool, type LanguageModelToolResult } from './languageModelApi';
import { vscodeToolHost } from './vscodeToolHost';

/** What a tool's input names, for its progress message: a path, the selection, or a text. */
type ToolInputShape = { readonly path?: unknown; readonly text?: unknown; readonly selection?: unknown; readonly model?: unknown };

/** The tools, registered where VS Code has the API (nothing otherwise), for the extension's lifetime. */
export class LanguageModelTools extends Disposable {
  constructor(worker: Pick<WorkerClient, 'request'>, configuration: Pick<Configuration, 'forDocument'>, l10n: Localizer, log: Log) {
    super();
    const { lm, classes } = languageModelApi();
    const { LanguageModelToolResult: Result, LanguageModelTextPart: TextPart, LanguageModelDataPart: DataPart } = classes;
    if (!lm.registerTool || !Result || !TextPart) {
      log.info('language-model tools not registered: this VS Code has no vscode.lm.registerTool');
      return;
    }
    /** The answer as VS Code takes it: the text for the model, and the same facts as JSON where VS Code has data parts. */
    const toResult = (result: ToolResult): LanguageModelToolResult => new Result([new TextPart(result.text), ...(DataPart ? [DataPart.json(result.data)] : [])]);
    for (const name of TOOL_NAMES) {
      const tool: LanguageModelTool<ToolInputShape> = {
        prepareInvocation: ({ input }) => ({ invocationMessage: invocationMessage(name, input, l10n) }),
        invoke: async ({ input }, token) => {
          let result: ToolResult;
          try {
            result = await runTool(name, input, vscodeToolHost(worker, configuration), token);
          } catch (err) {
            // A cancelled request (the worker's `cancelled` answer) is the user's doing, not a failure to log.
            if (!token.isCancellationRequested) log.error('an agent tool failed', { tool: name }, err);
            throw err;
          }
          // A refused call (bad input, a path outside the workspace) is an error whose message the model reads and can act on.
          if (result.isError) throw new Error(result.text);
          return toResult(result);
        },
      };
      this._register(lm.registerTool(TOOL_DEFINITIONS[name].vscodeName, tool));
    }
  }
}

/** `Counting tokens in src/…`: what the chat shows while the tool runs. */
function invocationMessage(name: ToolName, input: ToolInputShape | undefined, l10n: Localizer): string {
  const what =
    typeof input?.path === 'string'
      ? input.path
      : input?.selection === true
        ? l10n.t('the selection')
        : typeof input?.text === 'string'
          ? l10n.t('the given text')
          : l10n.t('the workspace');
  switch (name) {
    case 'count_tokens':
      return l10n.t('Counting tokens in {0}', what);
    case 'will_it_fit':
      return l10n.t('Checking whether {0} fits in the context window', what);
    case 'compare_models':
      return l10n.t('Comparing models on {0}', what);
    case 'biggest_files':
      return l10n.t('Finding the biggest files in {0}', what);
  }
}
