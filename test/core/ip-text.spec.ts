// isIP of lib/config/ip-text.ts answers as node:net's isIP for every text: it only skips node's
// patterns for text that holds no colon and is not digits and dots.
import { strict as assert } from 'node:assert';
import { isIP as netIsIP } from 'node:net';
import fc from 'fast-check';
import { isIP } from '../../lib/config/ip-text';

describe('ip-text: isIP', () => {
  it('answers as node:net on addresses, near-addresses and names', () => {
    const texts = [
      '1.2.3.4',
      '255.255.255.255',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.',
      '01.2.3.4',
      '0x7f.0.0.1',
      '::',
      '::1',
      'fe80::1%eth0',
      '::ffff:1.2.3.4',
      '2001:db8::',
      '[::1]',
      'a:b',
      'api.example.com',
      'localhost',
      '',
      '.',
      '١٢٣.١.١.١',
      '1.2.3.4 ',
    ];
    for (const t of texts) assert.equal(isIP(t), netIsIP(t), JSON.stringify(t));
  });

  it('answers as node:net on any text of address characters and letters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-fA-Fx.:%[\] g-z]{0,40}$/), (t) => isIP(t) === netIsIP(t)),
      { numRuns: 2000 },
    );
  });
});
