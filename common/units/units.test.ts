import { describe, expect, it } from 'vitest';
import { LINK_PARAMS } from '../topology/link-params.js';
import { formatQuantity, linkParamNamed, parseLinkParamAssignment, parseQuantity, readableQuantity } from './units.js';

const value = (quantity: Parameters<typeof parseQuantity>[0], text: string) => parseQuantity(quantity, 'x', text);

describe('units', () => {
  it('reads durations into milliseconds', () => {
    expect(value('duration', '50ms')).toEqual({ ok: true, value: 50 });
    expect(value('duration', '2s')).toEqual({ ok: true, value: 2000 });
    expect(value('duration', '1.5s')).toEqual({ ok: true, value: 1500 });
    expect(value('duration', '500us')).toEqual({ ok: true, value: 0.5 });
    expect(value('duration', '0')).toEqual({ ok: true, value: 0 });
  });

  it('reads percentages, rates in bit/s and packet counts', () => {
    expect(value('percent', '5%')).toEqual({ ok: true, value: 5 });
    expect(value('percent', '0.5%')).toEqual({ ok: true, value: 0.5 });
    for (const [text, bps] of [
      ['10Mbit', 10e6],
      ['1.5Gbit', 1.5e9],
      ['64kbit', 64e3],
      ['10Mbit/s', 10e6],
      ['10M', 10e6],
      ['0', 0],
      ['unlimited', 0],
    ] as const)
      expect(value('rate', text)).toEqual({ ok: true, value: bps });
    expect(value('packets', '100')).toEqual({ ok: true, value: 100 });
  });

  it('names the parameter and what is accepted when a unit is wrong or missing', () => {
    expect(parseQuantity('duration', 'delay', '50')).toEqual({
      ok: false,
      error: 'delay=50: say a unit: 50ms or 0.05s',
    });
    expect(parseQuantity('percent', 'loss', '5')).toEqual({ ok: false, error: 'loss=5: say a unit: 5%' });
    expect(parseQuantity('rate', 'rate', '10')).toEqual({ ok: false, error: 'rate=10: say a unit: 10Mbit or 10kbit' });
    expect(parseQuantity('rate', 'rate', '10Mbps')).toMatchObject({
      error: /rate=10Mbps: unknown unit "Mbps": say 64kbit/,
    });
    expect(parseQuantity('duration', 'jitter', '5h')).toMatchObject({
      error: /unknown unit "h": say 50ms, 1.5s or 500us/,
    });
    expect(parseQuantity('duration', 'delay', 'fast')).toMatchObject({
      error: 'delay=fast: not a duration: say 50ms, 1.5s or 500us',
    });
    expect(parseQuantity('duration', 'delay', '-5ms')).toMatchObject({ ok: false });
    expect(parseQuantity('packets', 'queue', '1.5')).toMatchObject({ error: /queue=1.5: say a whole number/ });
    expect(parseQuantity('packets', 'queue', '100ms')).toMatchObject({ error: /unknown unit "ms"/ });
  });

  it('prints what it reads, in the largest unit that fits', () => {
    expect(formatQuantity('duration', 1500)).toBe('1.5s');
    expect(formatQuantity('duration', 50)).toBe('50ms');
    expect(formatQuantity('duration', 0.5)).toBe('500us');
    expect(formatQuantity('rate', 1.5e9)).toBe('1.5Gbit');
    expect(formatQuantity('rate', 64e3)).toBe('64kbit');
    expect(formatQuantity('rate', 0)).toBe('unlimited');
    expect(formatQuantity('percent', 0.5)).toBe('0.5%');
    for (const [quantity, n] of [
      ['duration', 1234.5],
      ['duration', 0.25],
      ['percent', 12.5],
      ['rate', 2_500_000],
      ['rate', 7],
      ['packets', 1000],
    ] as const)
      expect(value(quantity, formatQuantity(quantity, n))).toEqual({ ok: true, value: n });
  });

  it('prints for reading with spaces and per second, and reads that back', () => {
    expect(readableQuantity('rate', 10e6)).toBe('10 Mbit/s');
    expect(readableQuantity('rate', 0)).toBe('unlimited');
    expect(readableQuantity('duration', 50)).toBe('50 ms');
    expect(readableQuantity('duration', 0)).toBe('0');
    expect(readableQuantity('percent', 5)).toBe('5%');
    expect(readableQuantity('packets', 1000)).toBe('1000');
    for (const [quantity, n] of [
      ['duration', 1500],
      ['rate', 64e3],
      ['percent', 0.5],
    ] as const)
      expect(value(quantity, readableQuantity(quantity, n))).toEqual({ ok: true, value: n });
  });

  it('reads a bare number in the document unit where asked', () => {
    expect(parseQuantity('duration', 'delay', '20', 'document unit')).toEqual({ ok: true, value: 20 });
    expect(parseQuantity('rate', 'rate', '2500', 'document unit')).toEqual({ ok: true, value: 2500 });
    expect(parseQuantity('percent', 'loss', '5 %', 'document unit')).toEqual({ ok: true, value: 5 });
    expect(parseQuantity('rate', 'rate', '10 parsecs', 'document unit')).toMatchObject({
      error: /rate=10 parsecs: unknown unit "parsecs"/,
    });
  });

  it('knows every link parameter by its name and aliases', () => {
    for (const spec of LINK_PARAMS) expect(linkParamNamed(spec.name)).toBe(spec);
    expect(linkParamNamed('dup')?.field).toBe('duplicatePercent');
    expect(linkParamNamed('latency')).toBeUndefined();
  });

  it('reads name=value assignments of link parameters within the document limits', () => {
    expect(parseLinkParamAssignment('dup', '1%')).toEqual({ ok: true, field: 'duplicatePercent', value: 1 });
    expect(parseLinkParamAssignment('rate', '10Mbit/s')).toEqual({ ok: true, field: 'rateBps', value: 10e6 });
    expect(parseLinkParamAssignment('delay', '50')).toEqual({
      ok: false,
      error: 'delay=50: say a unit: 50ms or 0.05s',
    });
    expect(parseLinkParamAssignment('loss', '150%')).toEqual({ ok: false, error: 'loss=150%: loss cannot exceed 100' });
    expect(parseLinkParamAssignment('queue', '0')).toMatchObject({ error: /queue=0: queue length must be at least 1/ });
    expect(parseLinkParamAssignment('latency', '5ms')).toEqual({
      ok: false,
      error: 'unknown link parameter "latency": say delay, jitter, loss, duplicate, dup, rate, queue',
    });
  });
});
