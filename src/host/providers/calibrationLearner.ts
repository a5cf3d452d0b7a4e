import * as vscode from 'vscode';
import { learnText, parseLearnedCalibration } from '../../core/catalog/learnedCalibration';
import type { ModelInfo } from '../../core/catalog/models';
import { userOnlyValue } from '../../core/catalog/settingsSchema';
import type { CalibrationSamples } from '../../core/providers/selfCalibration';
import { Disposable } from '../platform/dispose';
import type { Log } from '../platform/log';
import { SECTION, Settings } from '../platform/ids';

/** Where the sums live: the extension's global state (this machine, never synced: see the constructor). */
const STATE_KEY = 'tokenscope.learnedCalibration';

/**
 * Learns per-script factors from a provider's counts (`tokenscope.providers.learnFromCounts`,
 * user settings only, off by default): each count of an approximated model's text that
 * CountController reports adds one text to its family's sums (core/catalog/learnedCalibration.ts),
 * and the catalog is built again so every count follows. Reads and writes nothing while the
 * setting is off; turning it off makes the catalog use the published factors again (the sums are
 * kept until "Forget Learned Calibration").
 */
export class CalibrationLearner extends Disposable {
  constructor(
    private readonly state: vscode.Memento,
    private readonly configuration: { tokenizersChanged(): void },
    samples: CalibrationSamples<ModelInfo>,
    private readonly log: Log,
  ) {
    super();
    this._register({ dispose: samples.subscribe((model, sample) => this.learn(model, sample.mix, sample.providerCount, sample.framing)) });
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${Settings.learnFromCounts}`)) this.configuration.tokenizersChanged();
      }),
    );
  }

  /** Whether the user turned learning on (their own settings only: a workspace cannot). */
  get enabled(): boolean {
    const config = vscode.workspace.getConfiguration(SECTION);
    return userOnlyValue('learnFromCounts', config.inspect(Settings.learnFromCounts)?.globalValue);
  }

  /**
   * What the catalog applies, as stored (the catalog checks it: parseLearnedCalibration): none
   * while learning is off, at least `{}` while it is on.
   */
  current(): unknown {
    return this.enabled ? (this.state.get(STATE_KEY) ?? {}) : undefined;
  }

  private learn(model: ModelInfo, mix: readonly number[] | undefined, providerCount: number, framing: boolean): void {
    if (!this.enabled || model.counting.kind !== 'approx' || !model.counting.approximation || !mix) return;
    const id = model.counting.approximation;
    const all = parseLearnedCalibration(this.state.get(STATE_KEY));
    const family = learnText(all[id], mix, providerCount, framing);
    if (!family) return;
    this.log.info('learned from a provider count', { approximation: id, texts: family.texts });
    void this.state.update(STATE_KEY, { ...all, [id]: family }).then(() => this.configuration.tokenizersChanged());
  }

  /** "Forget Learned Calibration": back to the published factors. */
  async forget(): Promise<void> {
    const had = Object.keys(parseLearnedCalibration(this.state.get(STATE_KEY))).length > 0;
    await this.state.update(STATE_KEY, undefined);
    this.configuration.tokenizersChanged();
    void vscode.window.showInformationMessage(
      had
        ? vscode.l10n.t('Tokenscope: learned calibration forgotten; approximate counts use the published factors again.')
        : vscode.l10n.t('Tokenscope: nothing was learned yet; approximate counts use the published factors.'),
    );
  }
}
