import { spawn } from 'node:child_process';
import { isProcessAlive, parseProcStat, processIdentity } from './process-table.js';

describe('parseProcStat', () => {
  it('reads state, parent and start time past a command name holding spaces and parentheses', () => {
    const fields = ['S', '1', ...Array.from({ length: 17 }, (_, i) => String(i)), '987654', '0'];
    expect(parseProcStat(`42 (we ird) (x) ${fields.join(' ')}`)).toEqual({
      state: 'S',
      ppid: 1,
      startTime: '987654',
    });
  });

  it('rejects text without a command name', () => {
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('isProcessAlive', () => {
  it('sees this process, and not a reused pid with another start time', () => {
    expect(isProcessAlive(processIdentity())).toBe(true);
    expect(isProcessAlive({ pid: process.pid, startTime: 'earlier' })).toBe(false);
  });

  it('sees a child end', async () => {
    const child = spawn('sleep', ['30']);
    const id = processIdentity(child.pid);
    expect(isProcessAlive(id)).toBe(true);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(isProcessAlive(id)).toBe(false);
  });
});
