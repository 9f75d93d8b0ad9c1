// Browser tests: Debian's chromium (no downloaded browser) driven by
// playwright-core. Accessibility with axe-core (WCAG 2.1 A and AA, 0
// violations allowed) on every page built so far, for every kind of demo
// user, in Dutch, English and Arabic (right to left); reflow at 320 CSS px; skip link; a
// keyboard-only journey: log in, open a document, comment, agree, log out.
// Usage: node run.js BASE_URL RESULTS_FILE
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const { chromium } = require('playwright-core');
const { secondStep } = require('./totp');
const { AxeBuilder } = require('@axe-core/playwright');

const BASE = process.argv[2];
const RESULTS = process.argv[3];
const PASSWORD = 'portaal-demo';
let passed = 0, failed = 0;
// BROWSER_ONLY=a,b: only the tests whose name holds one of the words (while
// working on them); make test runs everything.
const ONLY = (process.env.BROWSER_ONLY || '').split(',').filter((w) => w);

async function test(name, fn) {
  if (ONLY.length && !ONLY.some((w) => name.includes(w))) return;
  try {
    await fn();
    passed++;
    console.log('ok   browser.' + name);
  } catch (e) {
    failed++;
    console.log('FAIL browser.' + name + '\n  ' + String(e && e.stack || e).split('\n').slice(0, 6).join('\n  '));
  }
}

function assert(cond, msg) { if (!cond) throw new Error(msg); }

// The password only: a staff member then stands on the code page.
async function passwordOnly(page, user) {
  await page.goto(BASE + '/inloggen');
  await page.fill('#username', user);
  await page.fill('#password', PASSWORD);
  await oneHash(() =>
    Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button')]));
}

// The test database forgets a staff member's used one-time code steps
// instead of a wait of up to 30 s for the next one (tests/browser/totp.js).
let totpForgot = 0;
function forgetSteps(user, step) {
  psql('UPDATE staff_totp SET last_step = ' + Number(step) + ' WHERE person_id = ' +
    "(SELECT person_id FROM account WHERE username = '" + user + "')");
  totpForgot++;
}

// Two lanes of pages run side by side (main()). A password sent (argon2:
// the stack has one hash slot for its workers, a second log-in at the
// same moment would get 429) and the pages that make log-ins wait (every
// hash slot held; a name that has to wait) take turns: one at a time.
let hashTurn = Promise.resolve();
function oneHash(fn) {
  const run = hashTurn.then(fn);
  hashTurn = run.catch(() => {});
  return run;
}

async function login(page, user) {
  await passwordOnly(page, user);
  await secondStep(page, user, forgetSteps);
  assert(!/\/inloggen(\/code)?$/.test(page.url()), 'log-in failed for ' + user + ': ' + page.url());
}

// `portal totp-enrol`: a new secret for user, shown at the next log-in.
function enrol(user) {
  execFileSync(path.join(process.env.BUILD || 'build', 'portal'),
    ['totp-enrol', user, '-c', path.join(process.env.STATE_DIR, 'portal.conf')],
    { stdio: ['ignore', 'ignore', 'inherit'] });
}

// SQL as the database owner (setting up a state the pages need).
function psql(q) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } }).toString().trim();
}

// A time Fatima proposes to one member (sql/053), opened once: the
// start page's task and the first fieldset of /afspraken.
function proposeTo(login) {
  psql("INSERT INTO appointment_slot (professional_id, family_id, person_id, starts_at, " +
    "ends_at, place, proposed) SELECT f.person_id, fam.id, m.person_id, " +
    "((current_date + 20) + time '06:40') AT TIME ZONE 'Europe/Amsterdam', " +
    "((current_date + 20) + time '07:10') AT TIME ZONE 'Europe/Amsterdam', " +
    "'Lindelaan 12 (huisbezoek)', true FROM account f, account m, family fam " +
    "WHERE f.username = 'fatima' AND m.username = '" + login + "' AND fam.slug = 'de-vries' " +
    "AND NOT EXISTS (SELECT 1 FROM appointment_slot s WHERE s.proposed " +
    "AND s.person_id = m.person_id AND s.withdrawn_at IS NULL AND s.declined_at IS NULL " +
    "AND s.starts_at > now())");
}

// A new proposal to Sanne to decline (sql/059): the one declined before
// (in another language's run) withdrawn first. Its public id.
function proposalToDecline() {
  psql("UPDATE appointment_slot SET withdrawn_at = now() WHERE place = 'Lindelaan 14 (huisbezoek)' " +
    "AND withdrawn_at IS NULL");
  return psql("INSERT INTO appointment_slot (professional_id, family_id, person_id, starts_at, " +
    "ends_at, place, proposed) SELECT f.person_id, fam.id, m.person_id, " +
    "((current_date + 21) + time '06:40') AT TIME ZONE 'Europe/Amsterdam', " +
    "((current_date + 21) + time '07:10') AT TIME ZONE 'Europe/Amsterdam', " +
    "'Lindelaan 14 (huisbezoek)', true FROM account f, account m, family fam " +
    "WHERE f.username = 'fatima' AND m.username = 'sanne' AND fam.slug = 'de-vries' " +
    "RETURNING public_id");
}

// A second and third version of "Verslag huisbezoek" (issue 20, part 2),
// made once: one word changed in the second, so its difference has an ins
// and a del. Its public id.
function versionedDoc() {
  const doc = "(SELECT id FROM document WHERE title = 'Verslag huisbezoek')";
  psql('INSERT INTO document_version (document_id, version, title, body, written_at, replaced_by) ' +
    'SELECT id, 1, title, body, created_at, author_id FROM document WHERE id = ' + doc +
    ' AND version = 1');
  psql("UPDATE document SET body = replace(body, 'Het huis is rustig.', 'Het huis is netjes.'), " +
    'version = 2, updated_at = now() WHERE version = 1 AND id = ' + doc);
  // and a third, so the versions page offers a choice to compare with
  psql('INSERT INTO document_version (document_id, version, title, body, written_at, replaced_by) ' +
    'SELECT id, 2, title, body, updated_at, author_id FROM document WHERE id = ' + doc +
    ' AND version = 2');
  psql("UPDATE document SET body = replace(body, 'eigen bed.', 'eigen bed en een bureau.'), " +
    'version = 3, updated_at = now() WHERE version = 2 AND id = ' + doc);
  // Sanne opened each version while it was current: she may read them
  // again (sql/046; a member reads only the versions they opened)
  psql('INSERT INTO document_read (document_id, person_id, read_version, seen_versions) ' +
    "SELECT d.id, a.person_id, 3, '{1,2,3}' FROM document d, account a " +
    "WHERE d.id = " + doc + " AND a.username = 'sanne' " +
    "ON CONFLICT (document_id, person_id) DO UPDATE SET seen_versions = '{1,2,3}'");
  return psql('SELECT public_id FROM document WHERE id = ' + doc);
}

// The explanatory analysis (issue 18, part 3): one open analysis for De
// Vries with the default questions, Mark's shared answer and Sanne's own.
function analysisOpen() {
  const open = "SELECT a.public_id FROM analysis a JOIN family f ON f.id = a.family_id " +
    "WHERE f.slug = 'de-vries' AND a.published_at IS NULL ORDER BY a.id LIMIT 1";
  if (psql(open) !== '') return psql(open);
  psql("WITH a AS (INSERT INTO analysis (family_id, opened_by) SELECT f.id, u.person_id " +
    "FROM family f, account u WHERE f.slug = 'de-vries' AND u.username = 'fatima' RETURNING id) " +
    "INSERT INTO analysis_question (analysis_id, position, text) SELECT a.id, t.n, t.q FROM a, " +
    "unnest(ARRAY['Wat gaat goed?', 'Wat maakt u zorgen?', 'Waar komt het volgens u door?', " +
    "'Wat zou helpen?']) WITH ORDINALITY AS t(q, n)");
  psql("INSERT INTO analysis_answer (question_id, person_id, body, shared) " +
    "SELECT q.id, u.person_id, 'Het gaat beter met de kinderen.', u.username = 'mark' " +
    "FROM analysis_question q JOIN analysis a ON a.id = q.analysis_id, account u " +
    "WHERE a.public_id = (" + open + ") AND q.position = 1 AND u.username IN ('mark', 'sanne')");
  return psql(open);
}

// A link that confirms Mark's new mail address (issue 20, part 3), as the
// outbox sender would have made it: open (used = false) or used. Made
// once; returns the path.
function confirmLink(used) {
  const tok = (used ? 'C' : 'B').repeat(42) + 'A';
  const hash = crypto.createHash('sha256').update(Buffer.from(tok, 'base64url')).digest('hex');
  const addr = used ? 'mark-oud@voorbeeld.nl' : 'mark-browser@voorbeeld.nl';
  if (psql("SELECT 1 FROM email_confirm WHERE token_hash = decode('" + hash + "', 'hex')") === '') {
    psql("WITH m AS (INSERT INTO outbox (kind, recipient, subject, body, cancelled_at) " +
      "VALUES ('mail', '" + addr + "', 'x', 'x', now()) RETURNING id) " +
      'INSERT INTO email_confirm (person_id, email, requested_by, outbox_id, token_hash, ' +
      "expires_at, used_at) SELECT a.person_id, '" + addr + "', a.person_id, m.id, " +
      "decode('" + hash + "', 'hex'), now() + interval '1 day', " + (used ? 'now()' : 'NULL') +
      " FROM m, account a WHERE a.username = 'mark'");
  }
  return '/bevestigen/' + tok;
}

// Share requests (issue 15): "Plan voor Daan" with GGZ Rivierenland,
// asked by Sanne, waiting for Daan's yes; made once, kept while it waits.
const PLAN = "(SELECT id FROM document WHERE title = 'Plan voor Daan')";
function stopPlanShares() {
  psql('UPDATE document_share SET revoked_at = now() WHERE revoked_at IS NULL AND NOT court_order ' +
    'AND document_id = ' + PLAN);
}
function planRequest() {
  const waiting = 'SELECT id FROM document_share WHERE document_id = ' + PLAN + ' AND pending ' +
    'AND revoked_at IS NULL AND ended_at IS NULL';
  if (psql(waiting) !== '') return;
  psql('INSERT INTO document_share (document_id, organisation_id, until, pending, requested_by) ' +
    'SELECT ' + PLAN + ", o.id, now() + interval '2 months', true, a.person_id FROM organisation o, " +
    "account a WHERE o.slug = 'ggz-rivierenland' AND a.username = 'sanne'");
  psql('INSERT INTO share_consent (share_id, person_id) SELECT (' + waiting + "), a.person_id " +
    "FROM account a WHERE a.username = 'sanne'");
}
function lotteShare() {
  const doc = "(SELECT id FROM document WHERE title = 'Verslag gesprek met Lotte')";
  if (psql('SELECT 1 FROM document_share WHERE document_id = ' + doc + ' AND NOT pending ' +
    'AND revoked_at IS NULL AND until > now()') !== '') return;
  psql('INSERT INTO document_share (document_id, organisation_id, until, pending, requested_by) ' +
    'SELECT ' + doc + ", o.id, now() + interval '2 months', false, a.person_id FROM organisation o, " +
    "account a WHERE o.slug = 'ggz-rivierenland' AND a.username = 'lotte'");
}
// Text of a form sent after a time-out (issue 15, part 4), kept for
// Sanne: the log-in page says so, the form shows it again once.
function keptRequest() {
  psql("INSERT INTO form_draft (person_id, path, body) SELECT person_id, '/verzoeken', " +
    "'document=anders&kind=wijzigen&body=Mijn+tekst+van+voor+de+pauze' FROM account " +
    "WHERE username = 'sanne' ON CONFLICT (person_id, path) DO UPDATE SET " +
    "body = excluded.body, created_at = now()");
}
// News on Sanne's start page (issue 15, part 3): her request to share
// the Gezinsplan stopped (someone said no) since her last visit.
function stoppedRequest() {
  psql('INSERT INTO document_share (document_id, organisation_id, until, pending, ' +
    'requested_by, ended_at, ended_reason, ended_noticed_at) SELECT d.id, o.id, ' +
    "now() + interval '2 months', true, a.person_id, now(), 'nee', now() FROM document d, " +
    "organisation o, account a WHERE d.title = 'Gezinsplan' AND o.slug = 'ggz-rivierenland' " +
    "AND a.username = 'sanne'");
}
async function delenWaiting(p, sel) {
  planRequest();
  await p.goto(BASE + '/delen');
  assert(await p.$(sel), 'nothing waits on /delen: ' + sel);
}

// A live reply link of Fatima's for the demo request, made once (as the
// outbox would): its page asks her to confirm who she is first.
let replyPath = null;
function replyLink() {
  if (replyPath) return replyPath;
  const crypto = require('crypto');
  const raw = crypto.randomBytes(32);
  const tok = raw.toString('base64url');
  const hash = crypto.createHash('sha256').update(raw).digest('hex');
  const sql = (q) => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } });
  sql("INSERT INTO outbox (kind, recipient, subject, body, sent_at) VALUES " +
    "('mail', 'x@demo.gezinsportaal.invalid', 'test', 'test', now())");
  sql("INSERT INTO reply_token (outbox_id, token_hash, professional_id, request_id, expires_at) " +
    "SELECT (SELECT max(id) FROM outbox), decode('" + hash + "', 'hex'), a.person_id, " +
    "(SELECT min(id) FROM request), now() + interval '14 days' FROM account a " +
    "WHERE a.username = 'fatima'");
  replyPath = '/antwoord/' + tok;
  return replyPath;
}

// SQL as the database owner (to set up a state a page shows).
function adminSql(q) {
  return execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } });
}

// The log-in form sent for a name that has to wait (five failures of
// this name from here, lib/throttle): 429 with the wait notice.
async function waitPage(p) {
  return oneHash(() => waitPageAlone(p));
}
async function waitPageAlone(p) {
  adminSql("INSERT INTO login_attempt (username, remote_addr, success) " +
    "SELECT 'wacht-proef', '127.0.0.1', false FROM generate_series(1, 5)");
  try {
    await p.goto(BASE + '/inloggen');
    await p.fill('#username', 'wacht-proef');
    await p.fill('#password', 'raden');
    const [r] = await Promise.all([p.waitForNavigation(), p.click('form[action="/inloggen"] button')]);
    assert(r.status() === 429, 'status ' + r.status());
    assert(await p.$('#wachten'), 'no wait notice');
  } finally {
    adminSql("DELETE FROM login_attempt WHERE username = 'wacht-proef'");
  }
}

// The log-in form sent while every hash slot is busy (lib/hashcap: a
// helper process holds the slots' locks): the B1 429 page.
async function busyPage(p) {
  return oneHash(() => busyPageAlone(p));
}
async function busyPageAlone(p) {
  const { spawn } = require('child_process');
  const file = path.join(process.env.STATE_DIR, 'sock', 'portal.sock.hash');
  const holder = spawn('python3', ['-c', 'import fcntl, sys\n' +
    'f = open(sys.argv[1], "r+b")\nfcntl.lockf(f, fcntl.LOCK_EX, 256, 0)\n' +
    'print("held", flush=True)\nsys.stdin.read()', file], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((ok) => holder.stdout.once('data', ok));
  try {
    await p.goto(BASE + '/inloggen');
    await p.fill('#username', 'sanne');
    await p.fill('#password', 'raden');
    const [r] = await Promise.all([p.waitForNavigation(), p.click('form[action="/inloggen"] button')]);
    assert(r.status() === 429, 'status ' + r.status());
  } finally {
    holder.stdin.end();
    await new Promise((ok) => holder.once('exit', ok));
  }
}

// Sanne's own sessions on /gegevens (other sessions of hers from the
// runs before), then "Overal elders uitloggen" and its notice.
async function sessionsPage(p) {
  await p.goto(BASE + '/gegevens');
  assert(await p.$('.session-list__item'), 'no sessions on /gegevens');
  if (await p.$('form[action="/gegevens/elders-uitloggen"]'))
    await Promise.all([p.waitForNavigation(), p.click('form[action="/gegevens/elders-uitloggen"] button')]);
  else
    await p.goto(BASE + '/gegevens?elders=0#sessies');
  assert(await p.$('#sessies ~ .notice'), 'no notice after logging out elsewhere');
}

// A letter in the counter's print queue (/balie/post), made once as the
// outbox process would (sql/025_a_letters.sql): for Ans, who chose the
// counter, about a share that waits for her yes.
let letterMade = false;
function letterInQueue() {
  if (letterMade) return;
  const sql = (q) => execFileSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
    '-h', path.join(process.env.STATE_DIR, 'pg'), '-p', '5432', '-U', 'portal', '-d', 'portal', '-c', q],
  { env: { ...process.env, PGPASSFILE: path.join(process.env.STATE_DIR, 'admin.pgpass') } });
  sql("WITH p AS (SELECT id FROM person WHERE given_name = 'Ans' AND family_name = 'Mulder'), " +
    "o AS (INSERT INTO outbox (kind, recipient, subject, body, sent_at) " +
    "SELECT 'letter', id::text, 'delen-wacht', '', now() FROM p RETURNING id, recipient) " +
    "INSERT INTO letter (outbox_id, person_id, about) " +
    "SELECT o.id, o.recipient::bigint, 'delen-wacht' FROM o");
  letterMade = true;
}

async function firstLetter(p) {
  letterInQueue();
  await p.goto(BASE + '/balie/post');
  await Promise.all([p.waitForNavigation(), p.click('.document-list a[href^="/balie/post/"]')]);
}

async function confirmPage(p) {
  await p.goto(BASE + replyLink());
  assert(await p.$('form input[name="password"]'), 'no confirmation form on the reply link');
}

// The opinion flow (issue 16): on document `title`, "niet eens", why, and
// the tick "also as my own view"; saved.
async function opinionFlow(p, title, words) {
  // Each own view mails the professional: these pages make more than the
  // day's limit of such actions (sql/025_b_notify_limit.sql) allows.
  psql('DELETE FROM notify_action');
  await p.goto(BASE + '/documenten');
  await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("' + title + '")')]);
  await p.check('#decision-oneens');
  await p.fill('#explanation', words);
  await p.check('#own_view');
  await Promise.all([p.waitForNavigation(), p.click('form[action$="/instemming"] button')]);
  assert(await p.$('#instemming .notice--success'), 'opinion not saved');
}

// Then the change form, or the withdrawal question, of the newest own view.
async function ownView(p, how) {
  const links = await p.$$('#visie a[href*="visie-' + how + '="]');
  assert(links.length > 0, 'no link to ' + how + ' an own view');
  await Promise.all([p.waitForNavigation(), links[links.length - 1].click()]);
}

// An own view of Sanne on the Gezinsplan, changed and then withdrawn: the
// history the professional reads (made once).
function viewHistory() {
  const doc = "(SELECT id FROM document WHERE title = 'Gezinsplan')";
  if (psql("SELECT 1 FROM document_view WHERE withdrawn_at IS NOT NULL AND document_id = " + doc +
    " LIMIT 1") !== '') return;
  const sanne = "(SELECT person_id FROM account WHERE username = 'sanne')";
  psql('INSERT INTO document_view (document_id, author_id, body, form_nonce) SELECT ' + doc + ', ' +
    sanne + ", 'Eerste tekst van mijn visie.', md5('browser-view-1')");
  psql("UPDATE document_view SET superseded_at = now() WHERE form_nonce = md5('browser-view-1')");
  psql('INSERT INTO document_view (document_id, author_id, body, form_nonce, replaces) SELECT ' + doc +
    ', ' + sanne + ", 'Tweede tekst van mijn visie.', md5('browser-view-2'), id FROM document_view " +
    "WHERE form_nonce = md5('browser-view-1')");
  psql("UPDATE document_view SET withdrawn_at = now() WHERE form_nonce = md5('browser-view-2')");
}

async function firstDocument(p) {
  await p.goto(BASE + '/documenten');
  await Promise.all([p.waitForNavigation(), p.click('.document-list a')]);
}

// The document page again with both forms' errors (empty comment, no
// choice), and the youth's "my family may read this" choice.
async function documentErrors(p) {
  await firstDocument(p);
  await Promise.all([p.waitForNavigation(), p.click('form[action*="/reacties"] button')]);
  assert(await p.$('.error-summary a[href="#body"]'), 'no comment error in the summary');
  // no choice: a stored one stands preselected (issue 20)
  await p.evaluate(() => document.querySelectorAll('input[name="decision"]').forEach((x) => { x.checked = false; }));
  await Promise.all([p.waitForNavigation(), p.click('form[action*="/instemming"] button')]);
  assert(await p.$('.error-summary a[href="#decision"]'), 'no consent error in the summary');
}

// Requests and replies (/verzoeken, /antwoord): open the first link of a
// list; send the request form or the answer form empty (error state).
async function firstLink(p, list, sel) {
  await p.goto(BASE + list);
  await Promise.all([p.waitForNavigation(), p.click(sel)]);
}
const REQUEST_PAGES = {
  citizen: [['/verzoeken', null],
    ['/verzoeken/{first}', (p) => firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]')],
    ['/verzoeken (errors)', async (p) => {
      await p.goto(BASE + '/verzoeken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/verzoeken"] button')]);
      assert(await p.$('.error-summary a[href="#body"]'), 'no error summary on /verzoeken');
    }]],
  professional: [['/verzoeken', null], ['/antwoord', null],
    ['/verzoeken/{first}', (p) => firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]')],
    ['/verzoeken/{first} (errors)', async (p) => {
      await firstLink(p, '/verzoeken', '.document-list a[href^="/verzoeken/"]');
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/verlengen"] button')]);
      assert(await p.$('.error-summary a[href="#reason"]'), 'no error summary on the extension form');
    }],
    ['/antwoord/{first}', (p) => firstLink(p, '/antwoord', '.worklist a[href^="/antwoord/"]')],
    ['/antwoord/{first} (errors)', async (p) => {
      await firstLink(p, '/antwoord', '.worklist a[href^="/antwoord/"]');
      await Promise.all([p.waitForNavigation(), p.click('main form button')]);
      assert(await p.$('.error-summary a[href="#outcome"]'), 'no error summary on the answer form');
    }]],
};

// Conversations (/berichten): the list with the form for a new one, one
// conversation, and both forms sent empty (error state). A member who has
// none yet starts one first, so the professional's pages have one too.
async function firstConversation(p) {
  await p.goto(BASE + '/berichten');
  if (!(await p.$('.document-list a[href^="/berichten/"]'))) {
    await p.fill('#subject', 'Een vraag over school');
    await p.fill('#body', 'Mag ik iets vragen over school?');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/berichten"] button')]);
    await p.goto(BASE + '/berichten');
  }
  await Promise.all([p.waitForNavigation(), p.click('.document-list a[href^="/berichten/"]')]);
}
const MESSAGE_PAGES = [['/berichten', null],
  ['/berichten/{first}', firstConversation],
  ['/berichten/{first} (errors)', async (p) => {
    await firstConversation(p);
    await Promise.all([p.waitForNavigation(), p.click('main form button')]);
    assert(await p.$('.error-summary a[href="#body"]'), 'no error summary in the conversation');
  }]];
const MESSAGE_PAGES_MEMBER = [...MESSAGE_PAGES,
  ['/berichten (errors)', async (p) => {
    await p.goto(BASE + '/berichten');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/berichten"] button')]);
    assert(await p.$('.error-summary a[href="#subject"]'), 'no error summary on /berichten');
  }]];

// Ask for help (/hulp-vragen): the page with its form, the form's errors,
// and one request marked "nu" (the 112 notice first); for the team the
// request from the worklist, with the marking form and its error.
function helpRequest() {
  psql("INSERT INTO help_request (family_id, author_id, body, urgency, contact, " +
    "organisation_id, via_intake, form_nonce) SELECT f.id, p.id, " +
    "'Ik wil graag hulp bij de opvoeding.', 'nu', 'telefoon', o.id, false, " +
    "md5(random()::text) FROM family f, person p, organisation o " +
    "WHERE f.slug = 'de-vries' AND p.given_name = 'Sanne' AND p.family_name = 'de Vries' " +
    "AND o.slug = 'wijkteam-centrum' AND NOT EXISTS (SELECT 1 FROM help_request h " +
    "WHERE h.author_id = p.id AND h.urgency = 'nu' AND h.status <> 'afgerond')");
}
// ... and at the counter, in a session for Sanne (started when this page
// runs alone).
async function helpAtCounter(p) {
  await p.goto(BASE + '/hulp-vragen');
  if (!(await p.$('.assist-bar'))) {
    await counterStart(p);
    await p.goto(BASE + '/hulp-vragen');
  }
  assert(await p.$('.assist-bar form[action="/balie/sessie/stop"]'), 'no counter bar');
  assert(await p.$('form[action="/hulp-vragen"]'), 'no help form at the counter');
}
const HELP_PAGES = {
  member: [['/hulp-vragen', null],
    ['/hulp-vragen (errors)', async (p) => {
      await p.goto(BASE + '/hulp-vragen');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/hulp-vragen"] button')]);
      assert(await p.$('.error-summary a[href="#body"]'), 'no error summary on /hulp-vragen');
    }],
    ['/hulp-vragen/{nu} (the notice first)', async (p) => {
      helpRequest();
      await p.goto(BASE + '/hulp-vragen');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a[href^="/hulp-vragen/"]')]);
      assert(await p.$('main > .notice--danger:first-child'), 'no 112 notice first');
    }]],
  team: [['/hulp-vragen/{first} (the team)', async (p) => {
      helpRequest();
      await firstLink(p, '/antwoord', '.worklist a[href^="/hulp-vragen/"]');
      assert(await p.$('form[action$="/stand"] #note'), 'no marking form');
    }],
    ['/hulp-vragen/{first} (the team, errors)', async (p) => {
      helpRequest();
      await firstLink(p, '/antwoord', '.worklist a[href^="/hulp-vragen/"]');
      await p.fill('#note', 'x'.repeat(501));
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/stand"] button')]);
      assert(await p.$('.error-summary a[href="#note"]'), 'no error summary on the marking form');
    }]],
};

// The counter: Sanne found on /balie (surname and birth date).
async function counterSearch(p) {
  const born = psql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM person " +
    "WHERE given_name = 'Sanne' AND family_name = 'de Vries'");
  await p.goto(BASE + '/balie');
  await p.fill('#family_name', 'de Vries');
  await p.fill('#birth_date', born);
  await Promise.all([p.waitForNavigation(), p.click('form[action="/balie"] button')]);
  assert(await p.$('#r1-id_last3'), 'Sanne not found on /balie');
}

// ... and an assisted session for her started.
async function counterStart(p) {
  await counterSearch(p);
  await p.check('#r1-id_document');
  await p.fill('#r1-id_last3', 'X7Z');
  await p.check('#r1-agrees');
  await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/sessie"] button')]);
  assert(await p.$('.assist-bar'), 'no assisted session');
}

// A member's own document (issue 18, part 2), written and saved.
async function ownDocument(p) {
  await p.goto(BASE + '/documenten/nieuw');
  await p.fill('#title', 'Rapport van school');
  await p.fill('#body', 'Het gaat goed op school. Ik schreef dit zelf.');
  await p.check('#readers-gezin');
  await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button[type="submit"]')]);
  assert(/\/documenten\/[A-Za-z0-9_-]{22}\?eigen-opgeslagen=1$/.test(p.url()), 'not on the new document: ' + p.url());
}

// Pages per kind of user: [path, what to do first].
const PAGES = {
  anonymous: [
    ['/', null],
    ['/inloggen', null],
    ['/inloggen (errors)', async (p) => {
      await p.goto(BASE + '/inloggen');
      await oneHash(() => p.click('form[action="/inloggen"] button'));
    }],
    ['/bestaat-niet', null],
    ['/antwoord/{old token}', async (p) => {
      const r = await p.goto(BASE + '/antwoord/' + 'A'.repeat(43));
      assert(r.status() === 404, 'status ' + r.status());
    }],
    ['/antwoord/verstuurd', null],
    ['/bevestigen/{token}', async (p) => {
      const r = await p.goto(BASE + confirmLink(false));
      assert(r.status() === 200, 'status ' + r.status());
      assert(await p.$('main form button'), 'no button to confirm');
    }],
    ['/bevestigen/{used token}', async (p) => {
      const r = await p.goto(BASE + confirmLink(true));
      assert(r.status() === 410, 'status ' + r.status());
    }],
    ['/bevestigd', null],
    ['/activeren', null],
    ['/activeren (errors)', async (p) => {
      await p.goto(BASE + '/activeren');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/activeren"] button')]);
      assert(await p.$('.error-summary a[href="#code"]'), 'no error summary on /activeren');
    }],
    ['/inloggen (text kept after a time-out)', async (p) => {
      await p.goto(BASE + '/inloggen?terug=%2Fverzoeken%3Fbewaard%3D1&bewaard=1');
      assert(await p.$('main .notice--warning'), 'no notice of the kept text');
    }],
    ['/inloggen (wait, 429)', waitPage],
    ['/inloggen (busy, 429)', busyPage],
    ['/antwoord/{token} (bevestigen)', confirmPage],
    ['/antwoord/{token} (bevestigen, errors)', async (p) => {
      await confirmPage(p);
      await oneHash(() => Promise.all([p.waitForNavigation(), p.click('main form button')]));
      assert(await p.$('.error-summary a[href="#password"]'), 'no error summary on the confirmation');
    }],
    ['/rechten', null],
    ['/uitleg', null],
    ['/privacy', null],
    ['/toegankelijkheid', null],
    ['/bestaat-niet (404 with the helpdesk)', async (p) => {
      await p.goto(BASE + '/bestaat-niet');
      assert(await p.$('main a[href^="tel:"][dir="ltr"]'), 'no helpdesk number on the error page');
    }],
  ],
  sanne: [['/', null], ['/documenten', null], ['/documenten/{first}', firstDocument],
    ['/ (news: a request to share stopped)', async (p) => {
      stoppedRequest();
      await p.goto(BASE + '/');
      assert(await p.$('.waiting-list__item[data-kind="delen-gestopt"]'), 'no news of the stopped request');
    }],
    ['/verzoeken?bewaard=1 (text kept after a time-out)', async (p) => {
      keptRequest();
      await p.goto(BASE + '/verzoeken?bewaard=1');
      assert(await p.$('main > .notice--warning'), 'no notice of the kept text');
      assert((await p.inputValue('#body')).includes('van voor de pauze'), 'the kept text is not in the form');
    }],
    ['/documenten/{Veiligheidsplan} (hidden part)', async (p) => {
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Veiligheidsplan")')]);
      assert(await p.$('.document-part h2'), 'no hidden part shown to Sanne');
    }],
    ['/documenten/{Verslag huisbezoek}/versies', async (p) => {
      await p.goto(BASE + '/documenten/' + versionedDoc() + '/versies');
      assert(await p.$('main a[href$="/versies/2/verschil"]'), 'no link to what changed');
      assert(await p.$('main form select#van'), 'no choice of a version to compare with');
    }],
    ['/documenten/{Verslag huisbezoek}/versies/1', async (p) => {
      await p.goto(BASE + '/documenten/' + versionedDoc() + '/versies/1');
      assert(/rustig/.test(await p.textContent('.document-text')), 'not the old text');
    }],
    ['/documenten/{Verslag huisbezoek}/versies/2/verschil (announced)', async (p) => {
      await p.goto(BASE + '/documenten/' + versionedDoc() + '/versies/2/verschil');
      // Each change is an ins or del with words a screen reader says, and
      // a line, not colour alone.
      const said = await p.evaluate(() => [...document.querySelectorAll('.diff ins, .diff del')].map((e) => ({
        tag: e.tagName, sr: (e.querySelector('.visually-hidden') || {}).textContent || '',
        text: e.textContent, line: getComputedStyle(e).textDecorationLine })));
      assert(said.some((x) => x.tag === 'INS' && x.sr.trim() !== '' && /netjes/.test(x.text)),
        'no ins with words: ' + JSON.stringify(said));
      assert(said.some((x) => x.tag === 'DEL' && x.sr.trim() !== '' && /rustig/.test(x.text)),
        'no del with words: ' + JSON.stringify(said));
      assert(said.every((x) => x.line !== 'none'), 'a change marked by colour only: ' + JSON.stringify(said));
    }],
    ['/documenten/{first} (errors)', documentErrors],
    ['/documenten/{first} (opinion flow, the tick without why)', async (p) => {
      await firstDocument(p);
      await p.check('#decision');
      await p.check('#own_view');
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/instemming"] button')]);
      assert(await p.$('.error-summary a[href="#explanation"]'), 'no error summary for the explanation');
      assert(await p.isChecked('#own_view'), 'the tick was not kept');
    }],
    ['/documenten/{Gezinsplan} (own view: change)', async (p) => {
      await opinionFlow(p, 'Gezinsplan', 'Zo zie ik het plan.');
      await ownView(p, 'veranderen');
      assert(await p.$('#visie textarea#view_body'), 'no change form');
    }],
    ['/documenten/{Gezinsplan} (own view: change, error)', async (p) => {
      await opinionFlow(p, 'Gezinsplan', 'Zo zie ik het plan.');
      await ownView(p, 'veranderen');
      await p.fill('#view_body', '');
      await Promise.all([p.waitForNavigation(), p.click('#visie form button')]);
      assert(await p.$('.error-summary a[href="#view_body"]'), 'no error summary for the own view');
    }],
    ['/documenten/{Gezinsplan} (own view: withdraw?)', async (p) => {
      await opinionFlow(p, 'Gezinsplan', 'Zo zie ik het plan.');
      await ownView(p, 'intrekken');
      assert(await p.$('#visie input[name="withdraw"]'), 'no withdrawal question');
    }],
    ['/documenten/{Gezinsplan} (own view withdrawn, history)', async (p) => {
      await opinionFlow(p, 'Gezinsplan', 'Zo zie ik het plan.');
      await ownView(p, 'intrekken');
      await Promise.all([p.waitForNavigation(), p.click('#visie form button')]);
      assert(await p.$('#visie .comment__text--old'), 'no earlier texts for the writer');
    }],
    ['/documenten/nieuw (eigen stuk)', null],
    ['/documenten/nieuw (eigen stuk, errors)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button[type="submit"]')]);
      assert(await p.$('.error-summary a[href="#title"]'), 'no error summary on the own document form');
    }],
    ['/documenten/{eigen stuk}', ownDocument],
    ['/documenten/{eigen stuk}/wijzigen', async (p) => {
      await ownDocument(p);
      await Promise.all([p.waitForNavigation(), p.click('main a[href$="/wijzigen"]')]);
      assert(await p.$('form[action$="/verwijderen"] #zeker'), 'no removal on the change form');
    }],
    ['/documenten?verwijderd=1 (eigen stuk verwijderd)', async (p) => {
      // removes the own documents these pages wrote, as Sanne would
      for (;;) {
        await p.goto(BASE + '/documenten');
        const a = await p.$('.document-list a:has-text("Rapport van school")');
        if (!a) break;
        const href = await a.getAttribute('href');
        await p.goto(BASE + href + '/wijzigen');
        await p.check('#zeker');
        await Promise.all([p.waitForNavigation(), p.click('form[action$="/verwijderen"] button')]);
        assert(await p.$('main .notice--success'), 'no notice after removing');
      }
      await p.goto(BASE + '/documenten?verwijderd=1');
    }],
    ['/inzage', null],
    ['/inzage (a period, errors)', async (p) => {
      await p.goto(BASE + '/inzage');
      await p.fill('#van', '2026-02-30');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/inzage"] button')]);
      assert(await p.$('.error-summary a[href="#van"]'), 'no error summary on /inzage');
    }], ['/delen', null],
    ['/gegevens', null], ['/mijn-gegevens', null],
    ['/gegevens (history, a new mail address waiting)', async (p) => {
      await p.goto(BASE + '/gegevens');
      await p.fill('#phone', '06 ' + (10000000 + Math.floor(Math.random() * 89999999)));
      await p.fill('#email', 'sanne-browser@voorbeeld.nl');
      await p.check('#reach_by');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/gegevens"] button')]);
      assert(await p.$('#email-wacht'), 'no address waiting for its confirmation');
      assert(await p.$('.change-list li ul li'), 'the history does not say what changed');
      // "Opgeslagen." beside the phone field that changed (issue 20 part 5)
      assert(await p.$('#phone ~ .form-saved[role="status"]'), 'no confirmation beside the phone');
    }],
    ['/gegevens (sessions, logged out elsewhere)', sessionsPage],
    ['/gegevens (errors)', async (p) => {
      await p.goto(BASE + '/gegevens');
      await p.fill('#email', 'geen adres');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/gegevens"] button')]);
      assert(await p.$('.error-summary a[href="#email"]'), 'no error summary on /gegevens');
    }],
    ['/gegevens/wachtwoord', null], ['/gegevens/wachtwoord?klaar=1', null],
    ['/gegevens/wachtwoord (errors)', async (p) => {
      // empty fields: answered before any password is checked (no throttling)
      await p.goto(BASE + '/gegevens/wachtwoord');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/gegevens/wachtwoord"] button')]);
      assert(await p.$('.error-summary a[href="#current"]'), 'no error summary on /gegevens/wachtwoord');
    }],
    ['/analyse', async (p) => {
      analysisOpen();
      await p.goto(BASE + '/analyse');
      assert(await p.$('form[action="/analyse"] textarea'), 'no answer form on /analyse');
    }],
    ['/analyse (errors)', async (p) => {
      analysisOpen();
      await p.goto(BASE + '/analyse');
      await p.fill('form[action="/analyse"] textarea >> nth=1', '');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/analyse"] button >> nth=1')]);
      assert(await p.$('.error-summary a[href="#body"]'), 'no error summary on /analyse');
    }],
    ['/onderzoek', null], ['/onderzoek?opgeslagen=1', null],
    ['/onderzoek (errors)', async (p) => {
      // no choice sent (a browser always has one checked: unchecked here)
      await p.goto(BASE + '/onderzoek');
      await p.evaluate(() => document.querySelectorAll('input[name="choice"]').forEach((e) => { e.checked = false; }));
      await Promise.all([p.waitForNavigation(), p.click('form[action="/onderzoek"] button')]);
      assert(await p.$('.error-summary a[href="#choice"]'), 'no error summary on /onderzoek');
    }],
    ['/delen (a request waits: who is still needed)', (p) => delenWaiting(p, '.share__list')],
    ['/delen (a request waits: other terms, errors)', async (p) => {
      await delenWaiting(p, '.share__list');
      const form = 'section:has(h2 a:has-text("Plan voor Daan")) .share__new';
      await p.click(form + ' summary');
      await p.selectOption(form + ' select', 'ggz-rivierenland');
      await p.fill(form + ' input[type="date"]', await p.getAttribute(form + ' input[type="date"]', 'min'));
      await Promise.all([p.waitForNavigation(), p.click(form + ' form button')]);
      assert(await p.$('.error-summary a[href^="#organisation-"]'), 'no error summary for the waiting request');
    }],
    ['/delen (errors)', async (p) => {
      await p.goto(BASE + '/delen');
      await p.click('.share__new summary');
      await Promise.all([p.waitForNavigation(), p.click('.share__new form button')]);
      assert(await p.$('.error-summary a[href^="#organisation-"]'), 'no error summary on /delen');
    }],
    ['/afspraken (with an appointment)', async (p) => {
      await p.goto(BASE + '/afspraken');
      if (!(await p.$('.appt'))) {
        await p.check('input[name="slot"]');
        await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
      }
      assert(await p.$('.appt a[href$=".ics"]'), 'no appointment on /afspraken');
    }],
    // issue 20 part 5: the confirmation in the card of the new appointment
    ['/afspraken?gemaakt={id}', async (p) => {
      await p.goto(BASE + '/afspraken');
      const id = (await p.getAttribute('.appt h3', 'id')).replace('afspraak-', '');
      await p.goto(BASE + '/afspraken?gemaakt=' + id);
      assert(await p.$('.appt .form-saved[role="status"]'), 'no confirmation in the card');
    }],
    // ... and in the card of the document shared, with the page at it
    ['/delen?gedeeld={id}#opgeslagen', async (p) => {
      await p.goto(BASE + '/delen');
      const id = (await p.getAttribute('.share .card__title a', 'href')).split('/').pop();
      await p.goto(BASE + '/delen?gedeeld=' + id + '#opgeslagen');
      assert(await p.$('.share #opgeslagen[role="status"]'), 'no confirmation in the card');
    }],
    ['/afspraken (errors)', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
      assert(await p.$('.error-summary a[href="#slot"]'), 'no error summary on /afspraken');
    }],
    ['/afspraken?soort=video', null],
    ['/afspraken (a proposal to confirm)', async (p) => {
      proposeTo('sanne');
      await p.goto(BASE + '/afspraken');
      assert(await p.$('#voorstel input[name="slot"]'), 'no proposal on /afspraken');
    }],
    ['/afspraken (a proposal that does not suit)', async (p) => {
      const id = proposalToDecline();
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(),
        p.click('#voorstel button[formaction="/afspraken/voorstel/' + id + '/past-niet"]')]);
      assert(p.url().endsWith('/afspraken?past-niet=1'), 'not back on /afspraken: ' + p.url());
      assert(await p.$('.form-saved[role="status"] a[href="/berichten"]'), 'no confirmation after Past niet');
      assert(!(await p.$('#voorstel button[formaction*="' + id + '"]')), 'the declined time still first');
    }],
    ['/ (a proposal to confirm)', async (p) => {
      proposeTo('sanne');
      await p.goto(BASE + '/');
      assert(await p.$('[data-kind="afspraak-voorstel"] a[href="/afspraken#voorstel"]'), 'no proposal on the start page');
    }],
    ['/bestaat-niet (logged in)', async (p) => {
      const r = await p.goto(BASE + '/bestaat-niet');
      assert(r.status() === 404, 'status ' + r.status());
      assert(await p.$('.error-page a[href="/berichten"]'), 'no way to the professional on the 404 page');
    }],
    ['/afspraken?verzetten=', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('.appt a[href*="verzetten="]')]);
      assert(await p.$('input[name="move"]'), 'no move form');
    }], ...REQUEST_PAGES.citizen, ...HELP_PAGES.member],
  lotte: [['/', null], ['/documenten/{first}', firstDocument], ['/onderzoek', null],
    ['/documenten/{Verslag gesprek met Lotte} (her parents choice, saved)', async (p) => {
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Verslag gesprek met Lotte")')]);
      assert(await p.$('#ouders input[name="parent"]'), 'no choice of parents for Lotte');
      await Promise.all([p.waitForNavigation(), p.click('#ouders button')]);
      assert(await p.$('#ouders .notice'), 'no notice after saving the choice');
    }]],
  daan: [...MESSAGE_PAGES_MEMBER,
    ['/documenten/{Plan voor Daan} (opinion flow, own view saved)', (p) => opinionFlow(p, 'Plan voor Daan', 'Ik wil liever judo.')],
    ['/documenten/{Plan voor Daan} (own view: change)', async (p) => {
      await opinionFlow(p, 'Plan voor Daan', 'Ik wil liever judo.');
      await ownView(p, 'veranderen');
    }],
    ['/documenten/{Plan voor Daan} (own view: withdraw?)', async (p) => {
      await opinionFlow(p, 'Plan voor Daan', 'Ik wil liever judo.');
      await ownView(p, 'intrekken');
    }],
    ['/delen (a request waits for his yes)', (p) => delenWaiting(p, '.share__task')],
    ['/documenten/{Plan voor Daan} (the request on the document)', async (p) => {
      planRequest();
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Plan voor Daan")')]);
      assert(await p.$('.share__task button[value="ja"]'), 'no yes/no on the document page');
    }],
    ['/delen (his answer is not needed any more)', async (p) => {
      await delenWaiting(p, '.share__task');
      const sid = (await p.getAttribute('.share__task', 'action')).split('/')[2];
      // the request ends meanwhile (a parent revoked it): the notice
      psql("UPDATE document_share SET revoked_at = now() WHERE public_id = '" + sid + "'");
      await Promise.all([p.waitForNavigation(), p.click('.share__task button[value="ja"]')]);
      assert(await p.$('main .notice--warning'), 'no notice for a request that is over');
    }]],
  fatima: [['/', null], ['/documenten', null], ['/documenten/{first}', firstDocument],
    ['/documenten/{Gezinsplan} (own views and their history)', async (p) => {
      viewHistory();
      await p.goto(BASE + '/documenten');
      await Promise.all([p.waitForNavigation(), p.click('.document-list a:has-text("Gezinsplan")')]);
      assert(await p.$('#visie .comment__text--old'), 'no earlier texts for the professional');
    }],
    ['/analyse', null],
    ['/analyse (errors)', async (p) => {
      await p.goto(BASE + '/analyse');
      await p.fill('#questions', '');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/analyse"] button')]);
      assert(await p.$('.error-summary a[href="#questions"]'), 'no error summary on /analyse');
    }],
    ['/analyse/{id}', async (p) => {
      await p.goto(BASE + '/analyse/' + analysisOpen());
      assert(await p.$('form[action$="/publiceren"]'), 'no publish form');
    }],
    ['/documenten/nieuw', null],
    ['/documenten/{first}/wijzigen', async (p) => {
      await firstDocument(p);
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/wijzigen"]')]);
    }],
    ['/documenten/nieuw (errors)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button')]);
      assert(await p.$('.error-summary a[href="#about"]'), 'no error summary on the new-document form');
    }],
    ['/documenten/nieuw (errors in the hidden part)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      await p.fill('#part_body', 'Geheim adres');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/documenten/nieuw"] button')]);
      assert(await p.$('.error-summary a[href="#part_hidden"]'), 'no error for the hidden part');
    }],
    ['/gezinnen/{id}/contact', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
    }],
    ['/gezinnen/{id}/contact (errors)', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/afschermen"] button')]);
      assert(await p.$('.error-summary a[href^="#org-"]'), 'no error summary on the contact page');
    }],
    ['/gezinnen/{id}/contact (details for Ans, errors)', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      const card = 'section.card:has(h2:has-text("Ans"))';
      await p.click(card + ' details.record summary');
      await p.fill(card + ' input[name="phone"]', 'oma');
      await Promise.all([p.waitForNavigation(), p.click(card + ' form[action$="/invullen"] button')]);
      assert(await p.$('.error-summary a[href^="#phone-"]'), 'no error summary for Ans');
    }],
    ['/gezinnen/{id}/afscherming', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/afscherming"]')]);
      assert((await p.textContent('main')).includes('Mark'), 'no shields on the shield page');
    }],
    ['/gezinnen/{id}/afscherming (errors)', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/afscherming"]')]);
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/afscherming"] button')]);
      assert(await p.$('.error-summary a[href="#person"]'), 'no error summary on the shield page');
    }],
    ['/gezinnen/{id}/afscherming/{shield}/stoppen (question)', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/contact"]')]);
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/afscherming"]')]);
      // The question only: without zeker=ja nothing ends.
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/stoppen"] button')]);
      assert(await p.$('input[name="zeker"][value="ja"]'), 'no question before a shield ends');
    }],
    ['/afspraken', null],
    ['/afspraken (errors)', async (p) => {
      await p.goto(BASE + '/afspraken');
      await p.click('.appt__single summary');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken/tijden"] button')]);
      assert(await p.$('.error-summary a[href="#date"]'), 'no error summary on the slot form');
      assert(await p.$('.appt__single[open] #date'), 'the single form is folded after its errors');
    }],
    ['/afspraken (weekly pattern, errors)', async (p) => {
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken/reeks"] button')]);
      assert(await p.$('.error-summary a[href="#van"]'), 'no error summary on the weekly pattern');
    }],
    ['/afspraken (calling off, errors)', async (p) => {
      // Sanne booked one of Fatima's times above; no reason: not called off.
      await p.goto(BASE + '/afspraken');
      await p.click('.appt__slots .appt__cancel summary');
      await Promise.all([p.waitForNavigation(), p.click('.appt__slots .appt__cancel form button')]);
      assert(await p.$('.error-summary a[href^="#reason-"]'), 'no error summary on the call-off form');
    }], ...REQUEST_PAGES.professional, ...MESSAGE_PAGES, ...HELP_PAGES.team,
    ['/antwoord (a share request waits for the family)', async (p) => {
      planRequest();
      await p.goto(BASE + '/antwoord');
      assert(await p.$('tr.worklist__row[data-kind="delen"]'), 'no share request in the worklist');
    }],
    ['/antwoord?gezin={first} (worklist, one family)', async (p) => {
      await p.goto(BASE + '/antwoord');
      const key = await p.$eval('#gezin option:nth-child(2)', (o) => o.value);
      await p.selectOption('#gezin', key);
      await Promise.all([p.waitForNavigation(), p.click('form.worklist-filter button')]);
      assert(p.url().includes('gezin=' + key), 'not filtered: ' + p.url());
      assert(await p.$('table.worklist td a'), 'no row in the worklist');
    }],
    ['/documenten/nieuw (controleren)', async (p) => {
      await p.goto(BASE + '/documenten/nieuw');
      if (!(await p.$('#body'))) {
        await Promise.all([p.waitForNavigation(), p.click('main a[href^="/documenten/nieuw?gezin="]')]);
      }
      await p.fill('#body', 'In het kader van de ondertoezichtstelling is er een multidisciplinaire ' +
        'afweging gemaakt ten aanzien van de veiligheidsinschatting, waarbij de risicotaxatie ' +
        'conform de vigerende richtlijnen is uitgevoerd.');
      await Promise.all([p.waitForNavigation(), p.click('button[value="controleren"]')]);
      assert(await p.$('#controle mark'), 'no B1 check after Controleren');
      assert((await p.inputValue('#body')).includes('vigerende'), 'the text is not kept');
    }]],
  // GGZ (issue 15, part 6): Lotte's report shared with Ellen's
  // organisation: her start page says so, the document says by whom.
  // Before 'tweede-stap', which gives Ellen a new secret.
  ellen: [['/afspraken (no family: no forms to open times)', async (p) => {
    await p.goto(BASE + '/afspraken');
    assert(!(await p.$('form[action="/afspraken/reeks"]')), 'Ellen sees the form for opening times');
  }], ['/ (shared with GGZ)', async (p) => {
    lotteShare();
    await p.goto(BASE + '/');
    assert(await p.$('#gedeeld-titel'), 'no news of the share on Ellen\'s start page');
  }], ['/documenten/{shared} (who shared it)', async (p) => {
    lotteShare();
    await p.goto(BASE + '/documenten');
    await Promise.all([p.waitForNavigation(), p.click('main a:has-text("Verslag gesprek met Lotte")')]);
    assert(await p.$('.plain-list li'), 'no people on the shared document');
  }]],
  // Between the password and the code (no log-in first): the code page,
  // with the error of an empty code (not counted as a wrong one), and the
  // enrolment page that `portal totp-enrol` makes appear once.
  'tweede-stap': [['/inloggen/code', async (p) => passwordOnly(p, 'kees')],
    ['/inloggen/code (errors)', async (p) => {
      await passwordOnly(p, 'kees');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/inloggen/code"] button')]);
      assert(await p.$('.error-summary a[href="#code"]'), 'no error summary on the code page');
    }],
    ['/inloggen/code (enrolment)', async (p) => {
      enrol('ellen');
      try {
        await passwordOnly(p, 'ellen');
        assert(await p.$('svg[role="img"] title'), 'no QR code on the enrolment page');
      } finally {
        // Ellen's demo secret again, for her pages in the next language.
        psql("UPDATE staff_totp SET secret = 'GEZDGNBVGY3TQOJQ', shown_at = now() WHERE person_id = " +
          "(SELECT person_id FROM account WHERE username = 'ellen')");
      }
    }]],
  // Zo gaat het and feedback (issue 18, parts 4 and 5): an adult member's
  // pages (empty, errors, a history he shares), then Peter reads it.
  emre: [['/zo-gaat-het', null],
    ['/zo-gaat-het (errors)', async (p) => {
      await p.goto(BASE + '/zo-gaat-het');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/zo-gaat-het"] button')]);
      assert(await p.$('.error-summary a[href="#q1"]'), 'no error summary on /zo-gaat-het');
    }],
    ['/zo-gaat-het (history, shared)', async (p) => {
      for (const v of ['2', '4', '3']) {
        await p.goto(BASE + '/zo-gaat-het');
        for (const q of ['q1', 'q2', 'q3', 'q4', 'q5']) await p.check(`input[name="${q}"][value="${v}"]`);
        await p.check('#share-ja');
        await Promise.all([p.waitForNavigation(), p.click('form[action="/zo-gaat-het"] button')]);
      }
      assert(await p.$('svg.chart[role="img"] circle.chart__point'), 'no chart on /zo-gaat-het');
      assert(await p.$('table.checkin-table th[scope="row"]'), 'no table on /zo-gaat-het');
    }],
    // issue 20 part 5: a sharing choice changed in the table: the
    // confirmation in that row, beside its button, and on screen
    ['/zo-gaat-het (a choice changed: said in its row)', async (p) => {
      await p.goto(BASE + '/zo-gaat-het');
      // no smooth scrolling: where the page opens, not a moment of it
      await p.emulateMedia({ reducedMotion: 'reduce' });
      await Promise.all([p.waitForNavigation(), p.click('form.checkin-table__share button')]);
      const box = await p.evaluate(() => {
        const e = document.querySelector('.checkin-table #opgeslagen[role="status"]');
        if (!e) return null;
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, h: window.innerHeight, row: !!e.closest('tr') };
      });
      assert(box && box.row, 'no confirmation in the row');
      await p.emulateMedia({ reducedMotion: null });
      assert(box.top >= 0 && box.bottom <= box.h, 'the confirmation is off screen: ' + JSON.stringify(box));
    }],
    ['/feedback', null],
    ['/feedback (errors)', async (p) => {
      await p.goto(BASE + '/feedback');
      await p.fill('#body', 'Mijn tekst blijft staan.');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/feedback"] button')]);
      assert(await p.$('.error-summary a[href="#score"]'), 'no error summary on /feedback');
    }]],
  peter: [['/', null], ['/documenten/{first}', firstDocument],
    ['/gezinnen/{yilmaz}/zo-gaat-het', async (p) => {
      await p.goto(BASE + '/');
      await Promise.all([p.waitForNavigation(), p.click('a[href$="/zo-gaat-het"]')]);
      assert(await p.$('svg.chart[role="img"]'), 'no shared check-ins of Emre');
    }],
    ['/feedback (results)', null]],
  // The counter (issue 14): Kees finds Sanne, helps her in an assisted
  // session, prints her a letter and the receipt; outside a session, the
  // print queue of letters by post.
  kees: [['/', null], ['/documenten (outside a session: 404)', async (p) => {
    const r = await p.goto(BASE + '/documenten');
    assert(r.status() === 404, 'status ' + r.status());
  }], ['/balie', null],
  ['/balie (errors)', async (p) => {
    await p.goto(BASE + '/balie');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie"] button')]);
    assert(await p.$('.error-summary a[href="#family_name"]'), 'no error summary on /balie');
  }],
  ['/balie/post', async (p) => { letterInQueue(); await p.goto(BASE + '/balie/post'); }],
  ['/balie/post/{first}', firstLetter],
  ['/balie (found)', counterSearch],
  ['/balie (start, errors)', async (p) => {
    await counterSearch(p);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/sessie"] button')]);
    assert(await p.$('.error-summary a[href="#id_last3"]'), 'no error summary on the start');
  }],
  ['/documenten (in a session)', async (p) => {
    await counterStart(p);
    await p.goto(BASE + '/documenten');
    assert((await p.textContent('.assist-bar')).includes('U wordt geholpen door Kees Visser') ||
      await p.$('.assist-bar form[action="/balie/sessie/stop"]'), 'no counter bar');
  }],
  ['/ (in a session)', null], ['/inzage (in a session)', null],
  ['/hulp-vragen (in a session)', helpAtCounter],
  ['/hulp-vragen (in a session, errors)', async (p) => {
    await helpAtCounter(p);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/hulp-vragen"] button')]);
    assert(await p.$('.error-summary a[href="#body"]'), 'no error summary at the counter');
    assert(await p.$('.assist-bar'), 'not in the session');
  }],
  ['/zo-gaat-het (in a session)', null], ['/feedback (in a session)', null],
  ['/balie (in a session)', null],
  ['/documenten/nieuw (eigen stuk, in a session)', async (p) => {
    const r = await p.goto(BASE + '/documenten/nieuw');
    if (r.status() !== 200) {
      await counterStart(p);
      await p.goto(BASE + '/documenten/nieuw');
    }
    assert(await p.$('.assist-bar'), 'no counter bar');
    assert(await p.$('#readers'), 'no own document form in the session');
  }],
  ['/balie/activatie (letter)', async (p) => {
    await p.goto(BASE + '/balie');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/balie/activatie"] button')]);
    assert(await p.$('.letter__code'), 'no code on the letter');
  }],
  ['/balie/bon/{id} (receipt)', async (p) => {
    await p.goto(BASE + '/');
    await Promise.all([p.waitForNavigation(), p.click('.assist-bar button')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    assert(await p.$('.receipt__rows li'), 'an empty receipt');
  }]],
  elif: [['/', null], ['/documenten/{first}', firstDocument], ['/inzage', null], ['/delen', null],
    ['/afspraken', null], ['/zo-gaat-het', null], ['/feedback', null]],
};

// Issue 20: every visible radio and checkbox sits on the first line box of
// its label (bounding boxes): its middle within that line's height, and
// the line starting just after it (before it, right to left). Returns the
// number checked and what is wrong.
async function choicesBesideLabels(p) {
  return p.evaluate(() => {
    const bad = [];
    let n = 0;
    for (const i of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      const r = i.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // in a closed fold
      const l = document.querySelector('label[for="' + CSS.escape(i.id) + '"]');
      if (!l) { bad.push(i.id + ': no label'); continue; }
      const range = document.createRange();
      range.selectNodeContents(l);
      const rects = [...range.getClientRects()].filter((x) => x.width > 0);
      if (!rects.length) { bad.push(i.id + ': empty label'); continue; }
      // the first line box: every fragment on the first fragment's line
      // (mixed Arabic and Dutch text comes in several bidi runs)
      const line = rects.filter((x) => Math.abs(x.top - rects[0].top) < 2);
      const first = { top: Math.min(...line.map((x) => x.top)), bottom: Math.max(...line.map((x) => x.bottom)),
        left: Math.min(...line.map((x) => x.left)), right: Math.max(...line.map((x) => x.right)) };
      n++;
      const mid = (r.top + r.bottom) / 2;
      const rtl = getComputedStyle(i).direction === 'rtl';
      const gap = rtl ? r.left - first.right : first.left - r.right;
      if (mid < first.top - 2 || mid > first.bottom + 2 || gap < 0 || gap > 24)
        bad.push(`${i.id}: box ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.bottom)}; ` +
          `first line ${Math.round(first.left)},${Math.round(first.top)}-${Math.round(first.bottom)}`);
    }
    return { n, bad };
  });
}

async function visit(page, path, prep) {
  if (prep) await prep(page);
  else await page.goto(BASE + path);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', chromiumSandbox: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const LOCALE = { nl: 'nl-NL', en: 'en-GB', ar: 'ar-SA' };
  // Every page of every kind of user, in three languages, at two widths:
  // two lanes side by side, each in its own browser contexts, each in the
  // order of PAGES per language. Users whose pages change what another's
  // page checks stay in one lane (Sanne, Daan and Fatima: the share
  // request for "Plan voor Daan", the analysis; Kees, his code pages and
  // Ellen: one-time codes, Ellen's new secret; Emre before Peter, who
  // reads his history). psql() and the "made once" helpers are
  // synchronous, so the lanes never interleave inside one of them.
  const LANES = [['sanne', 'daan', 'fatima'],
    Object.keys(PAGES).filter((u) => !['sanne', 'daan', 'fatima'].includes(u))];
  const lane = async (users) => {
    for (const lang of ['nl', 'en', 'ar']) {
      for (const user of users) {
        const pages = PAGES[user];
        if (ONLY.length && !ONLY.some((w) => ('axe ' + user + '.').includes(w) || w.startsWith(user + '.') ||
            pages.some(([pth]) => pth.includes(w)))) continue;
        for (const width of [320, 1280]) await pagesAt(user, pages, lang, width);
      }
    }
  };
  const pagesAt = async (user, pages, lang, width) => {
    const ctx = await browser.newContext({ viewport: { width, height: 800 }, locale: LOCALE[lang] });
    try {
      const page = await ctx.newPage();
      if (user !== 'anonymous' && user !== 'tweede-stap') await login(page, user);
      for (const [path, prep] of pages) {
        const name = `${user}.${lang}.${width}px ${path}`;
        await test('axe ' + name, async () => {
          await visit(page, path, prep);
          const html = await page.getAttribute('html', 'lang');
          assert(html === lang, 'html lang is ' + html);
          const dir = await page.getAttribute('html', 'dir');
          assert(dir === (lang === 'ar' ? 'rtl' : 'ltr'), 'html dir is ' + dir);
          // axe.run() in the page itself (legacy mode: no second page per
          // check for axe.finishRun). It leaves out frames of another
          // origin; the portal's pages have none (CSP default-src 'none'),
          // and a page with any frame fails here.
          assert(page.frames().length === 1, 'the page has frames: ' + page.frames().map((f) => f.url()).join(', '));
          const res = await new AxeBuilder({ page }).setLegacyMode(true)
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
          const v = res.violations.map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target.join(' ')).join(', ')})`);
          assert(v.length === 0, v.join('\n'));
          // A9: no empty landmark (a pager nav with no link, a region
          // with nothing in it), which axe does not report
          const empty = await page.evaluate(() => [...document.querySelectorAll(
            'nav, aside, main, header, footer, section[aria-label], section[aria-labelledby], [role=navigation], [role=region]')]
            .filter((e) => e.textContent.trim() === '')
            .map((e) => e.tagName.toLowerCase() + '[' + (e.getAttribute('aria-label') || e.id || '') + ']'));
          assert(empty.length === 0, 'empty landmarks: ' + empty.join(', '));
        });
        if (width === 320) {
          await test('reflow ' + name, async () => {
            const sw = await page.evaluate(() => document.documentElement.scrollWidth);
            assert(sw <= 320, 'page is ' + sw + ' px wide at 320 px');
          });
        }
      }
    } finally {
      await ctx.close();
    }
  };
  // BROWSER_LANES=1: one lane, every user in the order of PAGES (as before).
  const lanes = process.env.BROWSER_LANES === '1' ? [Object.keys(PAGES)] : LANES;
  await Promise.all(lanes.map(lane));

  const ctx = await browser.newContext({ locale: 'nl-NL' });
  const page = await ctx.newPage();

  await test('kees letter: only the letter goes on paper, in large type', async () => {
    const kctx = await browser.newContext({ locale: 'nl-NL' });
    const kp = await kctx.newPage();
    try {
      await login(kp, 'kees');
      await firstLetter(kp);
      const look = () => kp.evaluate(() => {
        const shown = (sel) => {
          const e = document.querySelector(sel);
          return !!e && getComputedStyle(e).display !== 'none';
        };
        return { header: shown('.site-header'), screen: shown('.letter-screen'),
          button: shown('.letter-screen button'), letter: shown('.letter'),
          size: parseFloat(getComputedStyle(document.querySelector('.letter')).fontSize) };
      });
      const screen = await look();
      assert(screen.header && screen.screen && screen.button && screen.letter,
        'on screen: ' + JSON.stringify(screen));
      await kp.emulateMedia({ media: 'print' });
      const paper = await look();
      assert(!paper.header && !paper.screen && !paper.button && paper.letter,
        'in print: ' + JSON.stringify(paper));
      // 14pt = 18.67 CSS px: large type for people who read less well
      assert(paper.size >= 18.6, 'letter type in print is ' + paper.size + ' px');
      const text = await kp.textContent('.letter');
      assert(/Ans Mulder/.test(text) && /Kerkstraat 12/.test(text), 'no address block: ' + text);
    } finally {
      await kctx.close();
    }
  });

  // WCAG 3.1.2: on an English or Arabic page, what people wrote in Dutch
  // (title, text, parts, comments, views, explanations, names) carries
  // lang="nl" inside an isolating <bdi>, so a Dutch sentence's full stop
  // stays at its end also in a right-to-left page; a line says the
  // document is in Dutch, with a way to ask for an interpreter.
  for (const lang of ['en', 'ar']) {
    await test(`dutch content marked on /documenten/{id} in ${lang}`, async () => {
      const lctx = await browser.newContext({ locale: lang === 'ar' ? 'ar-SA' : 'en-GB' });
      const lp = await lctx.newPage();
      try {
        await login(lp, 'sanne');
        await firstDocument(lp);
        assert(await lp.getAttribute('html', 'lang') === lang, 'page is not in ' + lang);
        const got = await lp.evaluate(() => {
          const blocks = ['h1.page-title', '.document-text p', '.document-part__text',
            '.document-part h2', '.comment__text', '.comment__meta strong',
            '.consent-list__said', '.summary-list dd'];
          const bad = [], seen = [];
          for (const sel of blocks) {
            for (const el of document.querySelectorAll(sel)) {
              // a date (<bdi> without lang) is the page's language
              const only = el.children.length === 1 ? el.firstElementChild : null;
              if (only && only.tagName === 'BDI' && !only.lang &&
                  only.textContent.trim() === el.textContent.trim()) continue;
              // the block itself is Dutch, or holds its Dutch in lang="nl"
              const nl = el.closest('[lang="nl"]') || el.querySelector('[lang="nl"]');
              if (!nl) bad.push(sel + ': ' + el.textContent.trim().slice(0, 60));
              else seen.push(sel);
            }
          }
          // Punctuation at the end of a Dutch text sits after its last
          // letter (to its right: Dutch runs left to right), not at the
          // start of an Arabic line.
          const misplaced = [];
          let checked = 0;
          for (const el of document.querySelectorAll('[lang="nl"]')) {
            const t = el.firstChild;
            if (!t || t.nodeType !== 3 || el.childNodes.length !== 1) continue;
            const s = t.data.replace(/\s+$/, '');
            if (s.length < 2 || !/[.?!)]$/.test(s) || !/\w$/.test(s.slice(0, -1))) continue;
            const rect = (i) => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect(); };
            const last = rect(s.length - 1), prev = rect(s.length - 2);
            checked++;
            if (Math.abs(last.top - prev.top) < 2 && last.left < prev.left)
              misplaced.push(s.slice(-30));
          }
          const note = document.querySelector('.notice a[href="/berichten#nieuw"]');
          return { bad, seen, misplaced, checked, note: !!note,
            dir: getComputedStyle(document.querySelector('.document-text p') || document.body).direction };
        });
        assert(got.bad.length === 0, 'Dutch without lang="nl": ' + got.bad.join(' | '));
        assert(got.seen.includes('h1.page-title') && got.seen.includes('.document-text p'),
          'no title or text found: ' + got.seen.join(', '));
        assert(got.checked > 0, 'no Dutch sentence with end punctuation to check');
        assert(got.misplaced.length === 0, 'punctuation left its sentence: ' + got.misplaced.join(' | '));
        assert(got.dir === (lang === 'ar' ? 'rtl' : 'ltr'), 'paragraph direction ' + got.dir);
        assert(got.note, 'no "Dit stuk is in het Nederlands" line with a way to ask for an interpreter');
      } finally {
        await lctx.close();
      }
    });
  }
  // The same for the counter (names found, the person helped, the bar
  // above every page, the receipt), the letters to print and the export
  // page: names, addresses and what people wrote are Dutch content.
  for (const lang of ['en', 'ar']) {
    await test(`dutch content marked at the counter, letters and export in ${lang}`, async () => {
      const lctx = await browser.newContext({ locale: lang === 'ar' ? 'ar-SA' : 'en-GB' });
      const lp = await lctx.newPage();
      // every element matched holds Dutch content: it is in lang="nl" or holds it
      const unmarked = (sels) => lp.evaluate((sels) => {
        const bad = [], seen = [];
        for (const sel of sels) {
          for (const el of document.querySelectorAll(sel)) {
            if (el.closest('[lang="nl"]') || el.querySelector('bdi[lang="nl"]')) seen.push(sel);
            else bad.push(sel + ': ' + el.textContent.trim().slice(0, 60));
          }
        }
        return { bad, seen };
      }, sels);
      const check = async (where, sels) => {
        assert(await lp.getAttribute('html', 'lang') === lang, where + ': page is not in ' + lang);
        const got = await unmarked(sels);
        assert(got.bad.length === 0, where + ': Dutch without lang="nl": ' + got.bad.join(' | '));
        for (const s of sels) assert(got.seen.includes(s), where + ': nothing found for ' + s);
      };
      try {
        await login(lp, 'kees');
        await counterSearch(lp);
        await check('/balie (found)', ['.card__title']);
        await counterStart(lp);
        await check('assisted page', ['.assist-bar strong', '.assist-bar__for']);
        await lp.goto(BASE + '/balie');
        await check('/balie (helping)', ['main .notice p:first-child']);
        await Promise.all([lp.waitForNavigation(), lp.click('.assist-bar form[action="/balie/sessie/stop"] button')]);
        await firstLetter(lp);
        await check('/balie/post/{id}', ['.letter__name']);
      } finally {
        await lctx.close();
      }
      const sctx = await browser.newContext({ locale: lang === 'ar' ? 'ar-SA' : 'en-GB' });
      const sp = await sctx.newPage();
      try {
        await login(sp, 'sanne');
        await firstDocument(sp);	// a read: a line in the audit part
        await sp.goto(BASE + '/mijn-gegevens');
        assert(await sp.getAttribute('html', 'lang') === lang, '/mijn-gegevens: page is not in ' + lang);
        const got = await sp.evaluate(() => {
          const bad = [];
          let nl = 0;
          for (const dd of document.querySelectorAll('.export-row__field dd')) {
            const label = dd.parentElement.querySelector('dt').textContent.trim();
            if (dd.querySelector('bdi[lang="nl"]') || dd.closest('[lang="nl"]')) nl++;
            // a given name, a title or a text is Dutch content
            else if (/^(First name|Title|Text|الاسم|العنوان|النص)/.test(label)) bad.push(label + ': ' + dd.textContent.trim().slice(0, 40));
          }
          // the audit lines name people (and documents) in Dutch
          const lines = [...document.querySelectorAll('li.export-row')];
          return { bad, nl, lines: lines.length, marked: lines.filter((li) => li.querySelector('bdi[lang="nl"]')).length };
        });
        assert(got.nl > 0, 'no export value marked lang="nl"');
        assert(got.bad.length === 0, 'export values without lang="nl": ' + got.bad.join(' | '));
        assert(got.lines > 0 && got.marked > 0, 'no audit line with a Dutch name marked: ' + got.marked + ' of ' + got.lines);
      } finally {
        await sctx.close();
      }
    });
  }
  await test('phone 375 px: every radio and checkbox is on the line of its label', async () => {
    const pages = {
      sanne: ['/afspraken', '/documenten/{first}', '/verzoeken', '/gegevens', '/delen', '/onderzoek'],
      lotte: ['/documenten/{Verslag gesprek met Lotte}'],
      fatima: ['/afspraken'],
      emre: ['/zo-gaat-het'],
    };
    for (const lang of ['nl', 'ar']) {
      for (const [user, paths] of Object.entries(pages)) {
        const c = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: lang === 'ar' ? 'ar-SA' : 'nl-NL' });
        const p = await c.newPage();
        try {
          await login(p, user);
          for (const path of paths) {
            if (path === '/documenten/{first}') await firstDocument(p);
            else if (path.startsWith('/documenten/{')) {
              await p.goto(BASE + '/documenten');
              await Promise.all([p.waitForNavigation(),
                p.click('.document-list a:has-text("' + path.slice(13, -1) + '")')]);
            } else await p.goto(BASE + path);
            // open every fold, so that long labels in them are measured too
            await p.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
            const { n, bad } = await choicesBesideLabels(p);
            assert(n >= 2, `${user} ${path}: only ${n} choices measured`);
            assert(bad.length === 0, `${lang} ${user} ${path}:\n` + bad.join('\n'));
          }
        } finally {
          await c.close();
        }
      }
    }
  });

  await test('phone 375 px: the appointment button is within one screen after a choice', async () => {
    const c = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: 'nl-NL' });
    const p = await c.newPage();
    try {
      await login(p, 'lotte');
      await p.goto(BASE + '/afspraken');
      const radios = await p.$$('.appt__week[open] input[name="slot"]');
      assert(radios.length >= 4, 'only ' + radios.length + ' times in the first week');
      for (const r of [radios[0], radios[Math.floor(radios.length / 2)], radios[radios.length - 1]]) {
        await r.check();
        const d = await r.evaluate((el) => {
          const b = el.closest('fieldset').querySelector('button[type="submit"]');
          if (!b) return null;
          const rr = el.getBoundingClientRect(), br = b.getBoundingClientRect();
          return { gap: br.bottom - rr.top, after: br.top > rr.top };
        });
        assert(d && d.after, 'no button after the chosen time');
        assert(d.gap <= 667, 'the button is ' + Math.round(d.gap) + ' px below the chosen time');
      }
      // the first free times come first, with their own button
      assert(await p.$('.appt__first input#slot'), 'no first free times');
      assert(await p.$('.appt__first button[type="submit"]'), 'no button after the first free times');
    } finally {
      await c.close();
    }
  });

  await test('after a form with errors the focus is on the error summary and the title says Fout:', async () => {
    const c = await browser.newContext({ locale: 'nl-NL' });
    const p = await c.newPage();
    try {
      await login(p, 'sanne');
      await p.goto(BASE + '/afspraken');
      await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
      await p.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('error-summary'),
        null, { timeout: 3000 }).catch(() => {});
      let cls = await p.evaluate(() => document.activeElement.className);
      assert(cls === 'error-summary', 'focus after a failed booking is on ' + cls);
      assert((await p.title()).startsWith('Fout: '), 'title: ' + await p.title());
      // the document page: the consent form without a choice
      await firstDocument(p);
      // no choice (a stored one stands preselected)
      await p.evaluate(() => document.querySelectorAll('input[name="decision"]').forEach((x) => { x.checked = false; }));
      await Promise.all([p.waitForNavigation(), p.click('form[action$="/instemming"] button')]);
      await p.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('error-summary'),
        null, { timeout: 3000 }).catch(() => {});
      cls = await p.evaluate(() => document.activeElement.className);
      assert(cls === 'error-summary', 'focus after a failed consent is on ' + cls);
      assert((await p.title()).startsWith('Fout: '), 'title: ' + await p.title());
      // the next Tab goes to the first error's link
      await p.keyboard.press('Tab');
      const href = await p.evaluate(() => document.activeElement.getAttribute('href'));
      assert(href === '#decision', 'Tab after the summary: ' + href);
    } finally {
      await c.close();
    }
  });

  await test('phone 375 px: the start page shows the first task without scrolling', async () => {
    for (const user of ['sanne', 'lotte']) {
      const c = await browser.newContext({ viewport: { width: 375, height: 667 }, locale: 'nl-NL' });
      const p = await c.newPage();
      try {
        await login(p, user);
        await p.goto(BASE + '/');
        const box = await p.evaluate(() => {
          const t = document.querySelector('main .waiting-list__item a, main .worklist a, main .waiting a');
          const h = document.querySelector('.site-header').getBoundingClientRect();
          return { task: t && t.getBoundingClientRect().bottom, header: h.bottom, y: window.scrollY };
        });
        assert(box.task !== null, user + ': no task on the start page');
        assert(box.y === 0 && box.task <= 667, user + ': the first task ends at ' + Math.round(box.task) + ' px');
        // nine menu items for a citizen: brand, three menu rows of 36 px
        // and the language fold; what counts is the first task above
        assert(box.header <= 220, user + ': the header is ' + Math.round(box.header) + ' px high');
      } finally {
        await c.close();
      }
    }
  });

  await test('skip link is first and moves focus to the content', async () => {
    await page.goto(BASE + '/inloggen');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.className);
    assert(first === 'skip-link', 'first Tab lands on ' + first);
    const visible = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    });
    assert(visible, 'the focused skip link is not visible');
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement.id);
    assert(id === 'inhoud', 'focus after skip link: ' + id);
  });

  await test('keyboard only: log in, see the family, open a document, the opinion flow (agree?, why, own view), a question, change the view, log out', async () => {
    await page.goto(BASE + '/inloggen');
    let tabs = 0;
    while (tabs++ < 20 && await page.evaluate(() => document.activeElement.id) !== 'username')
      await page.keyboard.press('Tab');
    assert(tabs < 20, 'Tab never reaches the user name field');
    await page.keyboard.type('sanne');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const text = await page.textContent('main');
    assert(text.includes('Gezin De Vries'), 'no family overview after keyboard log-in');
    // Open a document: Tab to the menu item, Enter, Tab to the first
    // document, Enter.
    tabs = 0;
    while (tabs++ < 30 && await page.evaluate(() => document.activeElement.getAttribute('href')) !== '/documenten')
      await page.keyboard.press('Tab');
    assert(tabs < 30, 'Tab never reaches the documents menu item');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    tabs = 0;
    // a document's own link (22 characters), not "/documenten/nieuw"
    while (tabs++ < 40 && !(await page.evaluate(() => /^\/documenten\/[A-Za-z0-9_-]{22}$/.test(document.activeElement.getAttribute('href') || ''))))
      await page.keyboard.press('Tab');
    assert(tabs < 40, 'Tab never reaches a document');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert(/\/documenten\/[A-Za-z0-9_-]+$/.test(page.url()), 'not on a document: ' + page.url());
    assert((await page.textContent('main')).includes('Geschreven door'), 'document page not shown');
    psql('DELETE FROM notify_action');     // see opinionFlow
    // What do you think (issue 16), one flow (other tests may have left
    // many own views with their links above it): Tab to the first choice,
    // arrows to "niet eens", Tab to "Waarom niet?", type, Tab to the tick,
    // Space, Tab to the button, Enter.
    const focusId = () => page.evaluate(() => document.activeElement.id);
    tabs = 0;
    // (a stored choice stands preselected, and Tab lands on it: issue 20)
    while (tabs++ < 200 && !(await focusId()).startsWith('decision'))
      await page.keyboard.press('Tab');
    assert(tabs < 200, 'Tab never reaches the consent choices');
    for (let k = 0; k < 3 && !(await page.isChecked('#decision-oneens')); k++)
      await page.keyboard.press('ArrowDown');
    assert(await page.isChecked('#decision-oneens'), 'the arrows did not choose "niet eens"');
    await page.keyboard.press('Tab');
    assert(await focusId() === 'explanation', 'Tab after the choices: ' + await focusId());
    await page.keyboard.type('Met het toetsenbord: zo zie ik het.');
    await page.keyboard.press('Tab');
    assert(await focusId() === 'own_view', 'Tab after "Waarom niet?": ' + await focusId());
    await page.keyboard.press('Space');
    assert(await page.isChecked('#own_view'), 'Space did not tick "also as my own view"');
    await page.keyboard.press('Tab');
    assert((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Keuze opslaan',
      'Tab after the tick does not reach the button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    let main = await page.textContent('main');
    assert(main.includes('Uw uitleg staat nu ook als eigen visie bij het stuk.') &&
      main.includes('U bent het niet eens.'), 'opinion not saved');
    assert((await page.textContent('#visie')).includes('Met het toetsenbord: zo zie ik het.'),
      'the explanation is not the own view');
    // Then, apart from it, a question to the professional: Tab to the box,
    // type, Tab to who reads it ("Alleen de hulpverlener" by default), Tab
    // to the button, Enter.
    tabs = 0;
    while (tabs++ < 200 && await focusId() !== 'body')
      await page.keyboard.press('Tab');
    assert(tabs < 200, 'Tab never reaches the question box');
    await page.keyboard.type('Met het toetsenbord geschreven.');
    await page.keyboard.press('Tab');
    assert(await focusId() === 'audience' && await page.isChecked('#audience'),
      'Tab after the question box does not reach who reads it');
    await page.keyboard.press('Tab');
    assert((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Vraag sturen',
      'Tab after the question box does not reach its button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    main = await page.textContent('main');
    assert(main.includes('Uw reactie is opgeslagen.') && main.includes('Met het toetsenbord geschreven.'),
      'question not saved');
    // Change the own view: Tab to "Veranderen", Enter, Tab into the box,
    // type, Tab to the button, Enter.
    tabs = 0;
    while (tabs++ < 200 && !(await page.evaluate(() => (document.activeElement.getAttribute('href') || '').includes('visie-veranderen='))))
      await page.keyboard.press('Tab');
    assert(tabs < 200, 'Tab never reaches "Veranderen"');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    tabs = 0;
    while (tabs++ < 200 && await focusId() !== 'view_body')
      await page.keyboard.press('Tab');
    assert(tabs < 200, 'Tab never reaches the change form');
    await page.keyboard.press('End');
    await page.keyboard.type(' En nog iets.');
    await page.keyboard.press('Tab');
    assert((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Nieuwe tekst opslaan',
      'Tab after the change box does not reach its button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    main = await page.textContent('main');
    // (the first own view of hers on the page: other tests may have left
    // older ones)
    assert(main.includes('Uw visie is veranderd.') && main.includes(' En nog iets.'),
      'own view not changed');
    tabs = 0;
    while (tabs++ < 300 && await page.evaluate(() => document.activeElement.textContent.trim()) !== 'Uitloggen')
      await page.keyboard.press('Tab');
    assert(tabs < 300, 'Tab never reaches the log-out button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Space')]);
    assert((await page.textContent('main')).includes('U bent uitgelogd.'), 'not logged out');
  });

  await test('keyboard only: Daan writes privately to Fatima, Fatima answers', async () => {
    const tabTo = async (p, cond, what, max = 40) => {
      let n = 0;
      while (n++ < max && !(await p.evaluate(cond)))
        await p.keyboard.press('Tab');
      assert(n < max, 'Tab never reaches ' + what);
    };
    const words = 'Ik wil liever naar judo ' + Date.now();
    const cd = await browser.newContext({ locale: 'nl-NL' });
    const d = await cd.newPage();
    await login(d, 'daan');
    await tabTo(d, () => document.activeElement.getAttribute('href') === '/berichten', 'the Berichten menu item');
    await Promise.all([d.waitForNavigation(), d.keyboard.press('Enter')]);
    const hint = await d.textContent('#body-hint');
    assert(hint.includes('Dit lezen: Fatima Bouali (wijkcoach). Niemand anders uit je gezin.'), 'who reads it: ' + hint);
    await tabTo(d, () => document.activeElement.id === 'subject', 'the subject');
    await d.keyboard.type('Sport');
    await d.keyboard.press('Tab');
    assert(await d.evaluate(() => document.activeElement.id) === 'body', 'Tab after the subject does not reach the text');
    await d.keyboard.type(words);
    await d.keyboard.press('Tab');
    assert((await d.evaluate(() => document.activeElement.textContent.trim())) === 'Bericht versturen',
      'Tab after the text does not reach its button');
    await Promise.all([d.waitForNavigation(), d.keyboard.press('Enter')]);
    let main = await d.textContent('main');
    assert(main.includes('Je bericht is verstuurd.') && main.includes(words), 'message not sent');
    const conv = new URL(d.url()).pathname;

    const cf = await browser.newContext({ locale: 'nl-NL' });
    const f = await cf.newPage();
    await login(f, 'fatima');
    await tabTo(f, () => document.activeElement.getAttribute('href') === '/berichten', 'the Berichten menu item');
    await Promise.all([f.waitForNavigation(), f.keyboard.press('Enter')]);
    let n = 0;
    while (n++ < 60 && (await f.evaluate(() => document.activeElement.getAttribute('href'))) !== conv)
      await f.keyboard.press('Tab');
    assert(n < 60, 'Tab never reaches Daan\'s conversation');
    await Promise.all([f.waitForNavigation(), f.keyboard.press('Enter')]);
    main = await f.textContent('main');
    assert(main.includes(words) && main.includes('Dit lezen: Daan de Vries. Niemand anders uit het gezin.'),
      'Fatima does not see the message or who reads her answer');
    await tabTo(f, () => document.activeElement.id === 'body', 'the answer box');
    await f.keyboard.type('Dat kan. Wij praten er maandag over.');
    await f.keyboard.press('Tab');
    await Promise.all([f.waitForNavigation(), f.keyboard.press('Enter')]);
    assert((await f.textContent('main')).includes('Uw bericht is verstuurd.'), 'answer not sent');

    await d.goto(BASE + conv);
    main = await d.textContent('main');
    assert(main.includes('Dat kan. Wij praten er maandag over.'), 'Daan does not see the answer');
    await cd.close();
    await cf.close();
  });

  await test('keyboard only: Sanne asks to share, Daan agrees, Ellen reads', async () => {
    stopPlanShares();
    // Ellen's demo secret (the enrolment page above made her a new one).
    psql("UPDATE staff_totp SET secret = 'GEZDGNBVGY3TQOJQ', shown_at = now() WHERE person_id = " +
      "(SELECT person_id FROM account WHERE username = 'ellen')");
    const ctxs = [];
    const as = async (user) => {
      const c = await browser.newContext({ locale: 'nl-NL' });
      ctxs.push(c);
      const p = await c.newPage();
      await login(p, user);
      return p;
    };
    const tabTo = async (p, what, cond, max = 80) => {
      let n = 0;
      while (n++ < max && !(await p.evaluate(cond)))
        await p.keyboard.press('Tab');
      assert(n < max, 'Tab never reaches ' + what);
    };
    const ellenSees = async () => {
      const p = await as('ellen');
      const r = await p.goto(BASE + '/documenten');
      const has = await p.$('main a:has-text("Plan voor Daan")');
      await p.context().close();
      return r.status() === 200 && !!has;
    };
    // Sanne: open the share form of "Plan voor Daan" with the keyboard.
    const sanne = await as('sanne');
    await sanne.goto(BASE + '/delen');
    await tabTo(sanne, 'the share form of Plan voor Daan', () => {
      const a = document.activeElement;
      return a.tagName === 'SUMMARY' && a.closest('section').querySelector('h2').textContent.trim() === 'Plan voor Daan';
    });
    await sanne.keyboard.press('Enter');
    // past the hint's link ("Vraag het uw hulpverlener.") to the list
    await tabTo(sanne, 'the list of organisations', () => document.activeElement.tagName === 'SELECT' &&
      document.activeElement.name === 'organisation', 10);
    let n = 0;
    while (n++ < 10 && await sanne.evaluate(() => document.activeElement.value) !== 'ggz-rivierenland')
      await sanne.keyboard.press('ArrowDown');
    assert(n < 10, 'the arrow keys never choose GGZ Rivierenland');
    await tabTo(sanne, 'the button', () => document.activeElement.tagName === 'BUTTON' &&
      document.activeElement.textContent.trim() === 'Toestemming geven');
    await Promise.all([sanne.waitForNavigation(), sanne.keyboard.press('Enter')]);
    let main = await sanne.textContent('main');
    assert(main.includes('Nog nodig: Daan.'), 'Sanne is not told who is still needed');
    assert(!(await ellenSees()), 'Ellen reads it before Daan said yes');
    // Daan: the task on /delen, "Ja" with the keyboard.
    const daan = await as('daan');
    await tabTo(daan, 'the menu item Delen', () => document.activeElement.getAttribute('href') === '/delen');
    await Promise.all([daan.waitForNavigation(), daan.keyboard.press('Enter')]);
    main = await daan.textContent('main');
    assert(main.includes("Sanne wil 'Plan voor Daan' delen met GGZ Rivierenland"), 'no task for Daan');
    await tabTo(daan, 'the yes button', () => document.activeElement.value === 'ja');
    await Promise.all([daan.waitForNavigation(), daan.keyboard.press('Enter')]);
    assert((await daan.textContent('main')).includes('Je zei ja.'), 'Daan\'s yes not confirmed');
    // Ellen: now she reads it, with the keyboard.
    const ellen = await as('ellen');
    await tabTo(ellen, 'the menu item Documenten', () => document.activeElement.getAttribute('href') === '/documenten');
    await Promise.all([ellen.waitForNavigation(), ellen.keyboard.press('Enter')]);
    await tabTo(ellen, 'Plan voor Daan', () => document.activeElement.textContent.trim() === 'Plan voor Daan');
    await Promise.all([ellen.waitForNavigation(), ellen.keyboard.press('Enter')]);
    assert((await ellen.textContent('h1')).trim() === 'Plan voor Daan', 'Ellen does not read the plan');
    for (const c of ctxs) await c.close().catch(() => {});
    stopPlanShares();
  });

  await test('keyboard only at the counter: find Sanne, start, help, stop, receipt', async () => {
    const c3 = await browser.newContext({ locale: 'nl-NL' });
    const p = await c3.newPage();
    await login(p, 'kees');
    const focus = () => p.evaluate(() => document.activeElement.id ||
      document.activeElement.getAttribute('href') || document.activeElement.textContent.trim());
    const tabTo = async (want, max) => {
      let n = 0;
      while (n++ < max && await focus() !== want) await p.keyboard.press('Tab');
      assert(n < max, 'Tab never reaches ' + want + ' (at ' + await focus() + ')');
    };
    await tabTo('/balie', 30);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    const born = psql("SELECT to_char(birth_date, 'YYYY-MM-DD') FROM person " +
      "WHERE given_name = 'Sanne' AND family_name = 'de Vries'");
    // a date field takes the digits in the order of chromium's own
    // language (en-US here: month, day, year), not the page's
    const [y, m, d] = born.split('-');
    const typed = m + d + y;
    await tabTo('family_name', 30);
    await p.keyboard.type('de Vries');
    await p.keyboard.press('Tab');
    assert(await focus() === 'birth_date', 'Tab after the surname: ' + await focus());
    await p.keyboard.type(typed);
    assert(await p.inputValue('#birth_date') === born, 'date typed as ' + await p.inputValue('#birth_date'));
    await tabTo('Zoeken', 10);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    assert((await p.textContent('main')).includes('Sanne de Vries'), 'Sanne not found');
    await tabTo('r1-id_document', 40);
    await p.keyboard.press('Space');
    assert(await p.isChecked('#r1-id_document'), 'Space did not choose the passport');
    await tabTo('r1-id_last3', 10);
    await p.keyboard.type('X7Z');
    await p.keyboard.press('Tab');
    assert(await focus() === 'r1-agrees', 'Tab after the number: ' + await focus());
    await p.keyboard.press('Space');
    await p.keyboard.press('Tab');
    assert(await focus() === 'Start met helpen', 'Tab after the agreement: ' + await focus());
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    const bar = await p.textContent('.assist-bar');
    assert(bar.includes('U wordt geholpen door Kees Visser van Gemeente Balie.'), 'no counter bar: ' + bar);
    assert((await p.textContent('main')).includes('Gezin De Vries'), 'not Sanne\'s start page');
    // the stop button is in the bar, before the menu
    await tabTo('Stoppen met helpen', 10);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('Enter')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    const receipt = await p.textContent('main');
    assert(receipt.includes('De hulp aan de balie begon.') && receipt.includes('De hulp aan de balie stopte.'),
      'receipt: ' + receipt);
    await c3.close();
  });

  await test('counter receipt: printed on A4 in large type, without the menus', async () => {
    const c4 = await browser.newContext({ locale: 'nl-NL' });
    const p = await c4.newPage();
    await login(p, 'kees');
    await counterStart(p);
    await Promise.all([p.waitForNavigation(), p.click('.assist-bar button')]);
    assert(/\/balie\/bon\//.test(p.url()), 'not on the receipt: ' + p.url());
    await p.emulateMedia({ media: 'print' });
    const look = await p.evaluate(() => ({
      size: parseFloat(getComputedStyle(document.querySelector('.receipt')).fontSize),
      nav: getComputedStyle(document.querySelector('.site-nav')).display,
      back: getComputedStyle(document.querySelector('.receipt .no-print')).display,
    }));
    assert(look.size >= 21, 'receipt type on paper: ' + look.size + 'px');
    assert(look.nav === 'none' && look.back === 'none', 'menus on paper: ' + JSON.stringify(look));
    const pdf = await p.pdf({ format: 'A4' });
    assert(pdf.length > 1000, 'no A4 print');
    await c4.close();
  });

  await test('appointment: book a time, add it to the calendar, move it, cancel it', async () => {
    const c2 = await browser.newContext({ locale: 'nl-NL', acceptDownloads: true });
    const p = await c2.newPage();
    await login(p, 'mark');
    await Promise.all([p.waitForNavigation(), p.click('.site-nav a[href="/afspraken"]')]);
    const label = (await p.textContent('label[for="slot"]')).trim();
    const hhmm = (label.match(/\d\d:\d\d/) || [''])[0];
    await p.check('#slot');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
    let main = await p.textContent('main');
    assert(main.includes('Uw afspraak is gemaakt.'), 'not booked');
    assert(hhmm && main.includes(hhmm + ' uur'), 'the chosen time ' + hhmm + ' is not shown');
    const [dl] = await Promise.all([p.waitForEvent('download'), p.click('.appt a[href$=".ics"]')]);
    assert(dl.suggestedFilename() === 'afspraak.ics', 'download name ' + dl.suggestedFilename());
    await Promise.all([p.waitForNavigation(), p.click('.appt a[href*="verzetten="]')]);
    await p.check('input[name="slot"] >> nth=1');
    await Promise.all([p.waitForNavigation(), p.click('form[action="/afspraken"] button')]);
    assert((await p.textContent('main')).includes('Uw afspraak is verzet.'), 'not moved');
    await p.click('.appt__cancel summary');
    await p.fill('.appt__cancel textarea', 'Ik ben ziek.');
    await Promise.all([p.waitForNavigation(), p.click('.appt__cancel button')]);
    main = await p.textContent('main');
    assert(main.includes('Uw afspraak is afgezegd.') && main.includes('U heeft nu geen afspraken.'), 'not cancelled');
    await c2.close();
  });

  await test('focus is visible on links, fields and buttons', async () => {
    await page.goto(BASE + '/inloggen');
    for (const sel of ['#username', 'form[action="/inloggen"] button', '.lang-switch a']) {
      await page.focus(sel);
      const style = await page.evaluate((s) => {
        const cs = getComputedStyle(document.querySelector(s));
        return cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.boxShadow;
      }, sel);
      assert(!/^none 0px none$/.test(style) && !style.startsWith('none 0px none'), sel + ' has no focus style: ' + style);
    }
  });

  await test('language switch changes the page to English and back', async () => {
    await page.goto(BASE + '/inloggen');
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch a[hreflang="en"]')]);
    assert((await page.textContent('h1')).trim() === 'Log in', 'not English');
    assert(page.url().endsWith('/inloggen'), 'did not return to the page: ' + page.url());
    await Promise.all([page.waitForNavigation(), page.click('.lang-switch a[hreflang="nl"]')]);
    assert((await page.textContent('h1')).trim() === 'Inloggen', 'not Dutch again');
  });

  await test('error summary links to the fields', async () => {
    await page.goto(BASE + '/inloggen');
    await page.click('form[action="/inloggen"] button');
    const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
    assert(links.join() === '#username,#password', 'summary links: ' + links.join());
    const described = await page.getAttribute('#username', 'aria-describedby');
    assert(described && (await page.$('#' + described)), 'field not described by its error');
  });

  await ctx.close();
  await browser.close();
  if (totpForgot > 0) console.log(`browser: used one-time code steps forgotten ${totpForgot} times`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  if (RESULTS) fs.appendFileSync(RESULTS, `browser ${passed} ${failed}\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((e) => {
  console.log('browser: crashed: ' + (e && e.stack || e));
  if (RESULTS) fs.appendFileSync(RESULTS, `browser ${passed} ${failed + 1}\n`);
  process.exit(1);
});
