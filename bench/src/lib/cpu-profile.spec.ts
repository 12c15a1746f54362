import { areaOf, summarizeProfile, type CpuProfile } from './cpu-profile';

describe('summarizeProfile', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('decode', 'file:///w/node_modules/kafkajs/src/protocol/decoder.js') },
      {
        id: 3,
        callFrame: frame(
          'process',
          'file:///w/libs/platform/kafkaesque/src/lib/processing/process-record.ts',
        ),
      },
      { id: 4, callFrame: frame('(garbage collector)', '') },
    ],
    samples: [2, 2, 3, 4, 2],
    timeDeltas: [0, 100, 100, 100, 100],
    startTime: 0,
    endTime: 500,
  };

  it('sums self time by area and by function', () => {
    const summary = summarizeProfile(profile, 'test');
    expect(summary.totalMs).toBeCloseTo(0.4);
    expect(summary.byArea[0]).toMatchObject({ area: 'kafkajs', ms: 0.2, share: 0.5 });
    expect(summary.byArea.map((a) => a.area)).toEqual(['kafkajs', 'libs/platform/kafkaesque', 'GC']);
    expect(summary.topFunctions[0]).toMatchObject({
      fn: 'decode',
      where: 'kafkajs/src/protocol/decoder.js:10',
    });
  });

  it('names areas by package or library', () => {
    expect(areaOf('x', 'file:///w/node_modules/@bufbuild/protobuf/dist/x.js')).toBe('@bufbuild/protobuf');
    expect(areaOf('x', 'node:internal/buffer')).toBe('node core');
    expect(areaOf('(idle)', '')).toBe('idle (waiting for I/O)');
  });
});
