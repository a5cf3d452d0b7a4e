import * as assert from 'node:assert/strict';
import { ActivityMark } from '../../src/worker/activity';
import { SliceScheduler, type Priority, type SliceJob } from '../../src/worker/sliceScheduler';

/** A job that needs `slices` slices and writes down each one it is given, with the activity mark seen. */
class RecordingJob implements SliceJob {
  left: number;
  constructor(
    readonly priority: Priority,
    readonly requestId: number,
    slices: number,
    private readonly log: string[],
    private readonly activity: ActivityMark,
  ) {
    this.left = slices;
  }
  runSlice(): boolean {
    this.log.push(`${this.priority}#${this.requestId}@${this.activity.current}`);
    return --this.left === 0;
  }
}

/** Resolves after the scheduler has had `turns` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('slice scheduler', () => {
  let log: string[];
  let activity: ActivityMark;
  let scheduler: SliceScheduler;
  const job = (priority: Priority, id: number, slices: number) => new RecordingJob(priority, id, slices, log, activity);
  beforeEach(() => {
    log = [];
    activity = new ActivityMark();
    scheduler = new SliceScheduler(activity, 20);
  });

  it('runs a job’s first slice as it is submitted, marked with its request, and never queues a job done in one', () => {
    scheduler.submit(job('count', 7, 1));
    assert.deepEqual(log, ['count#7@7']);
    assert.equal(activity.current, 0, 'the mark is cleared after the slice');
    assert.deepEqual(scheduler.queued, []);
  });

  it('gives every later slice to queued counts before boundaries and to boundaries before insight', async () => {
    scheduler.submit(job('insight', 1, 3));
    scheduler.submit(job('boundaries', 2, 2));
    scheduler.submit(job('count', 3, 3));
    assert.deepEqual(log, ['insight#1@1', 'boundaries#2@2', 'count#3@3']);
    await turns(10);
    assert.deepEqual(log.slice(3), ['count#3@3', 'count#3@3', 'boundaries#2@2', 'insight#1@1', 'insight#1@1']);
    assert.deepEqual(scheduler.queued, []);
  });

  it('runs the newest job of a priority first, and a touched job counts as new', async () => {
    const older = job('insight', 1, 2);
    scheduler.submit(older);
    scheduler.submit(job('insight', 2, 2));
    scheduler.touch(older);
    await turns(10);
    assert.deepEqual(log, ['insight#1@1', 'insight#2@2', 'insight#1@1', 'insight#2@2']);
  });

  it('never runs a removed job again', async () => {
    const removed = job('insight', 1, 5);
    scheduler.submit(removed);
    assert.equal(scheduler.remove(removed), true);
    assert.equal(scheduler.remove(removed), false);
    await turns(5);
    assert.deepEqual(log, ['insight#1@1']);
  });

  it('lets a count submitted between two insight slices run before the insight’s next slice', async () => {
    scheduler.submit(job('insight', 1, 4));
    await turns(1);
    scheduler.submit(job('count', 2, 2));
    await turns(10);
    assert.deepEqual(log, ['insight#1@1', 'insight#1@1', 'count#2@2', 'count#2@2', 'insight#1@1', 'insight#1@1']);
  });
});
