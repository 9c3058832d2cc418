import test from 'ava';
import { availableParallelism } from 'node:os';
import { machineInfo } from '../../src/io/machine.js';

test('the machine record names what a measurement ran on', (t) => {
  const m = machineInfo();
  t.is(m.cores, availableParallelism());
  t.is(m.node, process.version);
  t.true(m.memoryGiB >= 1);
  t.regex(m.os, new RegExp(`^${process.platform} `));
  t.true(m.cpu.length > 0);
});
