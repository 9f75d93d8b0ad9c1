// The second log-in step for staff (CONTRACT.md, "Second factor"), for the
// browser tests and the screenshots: TOTP, RFC 6238 (HMAC-SHA1, 30 s, 6
// digits), computed with node's crypto.
'use strict';
const crypto = require('crypto');

// The portal takes a code once (only
// a time step after the last one it accepted), so per user the oldest step
// it still accepts that was not sent yet (one either side of now). When all
// three are used: forget(user, step), if given, makes the test database
// forget the used steps (as tests/integration/portal.py does), else a wait
// for the next step (up to 30 s; the browser tests log staff in about 30
// times, which cost minutes of waiting).
const TOTP_SECRETS = { kees: 'JBSWY3DPEHPK3PXP', fatima: 'KRSXG5CTMVRXEZLU',
  peter: 'MFRGGZDFMZTWQ2LK', ellen: 'GEZDGNBVGY3TQOJQ' };
const lastStep = {};

function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, val = 0;
  const out = [];
  for (const ch of s.toUpperCase().replace(/[\s=]/g, '')) {
    val = (val << 5) | abc.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((val >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function freshStep(user, forget) {
  for (;;) {
    const now = Date.now() / 1000, cur = Math.floor(now / 30);
    const low = now % 30 < 25 ? cur - 1 : cur;
    const step = Math.max(low, (lastStep[user] ?? -1) + 1);
    if (step <= cur + 1) { lastStep[user] = step; return step; }
    if (forget) { forget(user, low - 1); lastStep[user] = low; return low; }
    await new Promise((r) => setTimeout(r, (30 - now % 30 + 0.05) * 1000));
  }
}

// The code step, when the password led page to the code page (staff).
async function secondStep(page, user, forget) {
  if (!page.url().endsWith('/inloggen/code') || !TOTP_SECRETS[user]) return;
  await page.fill('#code', totp(TOTP_SECRETS[user], await freshStep(user, forget)));
  await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen/code"] button')]);
}

module.exports = { TOTP_SECRETS, totp, freshStep, secondStep };
