/**
 * One tool call, from the agent's raw input to the answer: checked input, the count within the
 * call's bounds, the result shaped for the tool. A call the tool refuses (bad input, a path
 * outside the workspace, a binary file named) answers with its reason as an error result; any
 * other failure is the host's to report.
 */
import type { ToolName } from './toolDefinitions';
import { countSource } from './toolCounting';
import { ToolInputError, type ToolCancellation, type ToolHost, type ToolProgress, type ToolResult } from './toolHost';
import { parseToolInput } from './toolInput';
import { biggestResult, compareResult, countResult, errorResult, fitResult } from './toolResults';

export async function runTool<C extends ToolCancellation>(name: ToolName, raw: unknown, host: ToolHost<C>, token: C, progress?: ToolProgress): Promise<ToolResult> {
  try {
    const input = parseToolInput(name, raw, host);
    switch (input.tool) {
      case 'count_tokens': {
        const source = await countSource(input.source, [input.model], host, token, progress);
        return countResult(source, source.counts[0], host.reservedOutput(source.counts[0].model), host.bounds);
      }
      case 'will_it_fit': {
        const reserve = input.reserveTokens ?? host.reservedOutput(input.model);
        if (reserve >= input.model.contextWindow)
          throw new ToolInputError(`"reserveTokens" ${reserve} leaves nothing of ${input.model.id}'s context window of ${input.model.contextWindow} tokens.`);
        const source = await countSource(input.source, [input.model], host, token, progress);
        return fitResult(source, source.counts[0], reserve, host.bounds);
      }
      case 'compare_models': {
        const source = await countSource(input.source, input.models, host, token, progress);
        return compareResult(source, (model) => host.reservedOutput(model), host.bounds);
      }
      case 'biggest_files': {
        const source = await countSource({ kind: 'path', path: input.path }, [input.model], host, token, progress);
        if (source.kind !== 'folder') throw new ToolInputError(`"${input.path}" is a file; biggest_files lists the files of a folder (count_tokens counts one file).`);
        return biggestResult(source, source.counts[0], input.limit, host.reservedOutput(source.counts[0].model), host.bounds);
      }
    }
  } catch (err) {
    if (err instanceof ToolInputError) return errorResult(err.message);
    throw err;
  }
}
