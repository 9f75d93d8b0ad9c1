-- demo.sql - the demo families of CONTRACT.md.  Loaded by `make run` and by
-- the tests into an empty, migrated database.  Ages are relative to today:
-- birth dates are computed from current_date.
-- Every demo account has the password "portaal-demo" (argon2id, m=19 MiB,
-- t=2, p=1; the hash below was made with libargon2).

BEGIN;

\set pw '$argon2id$v=19$m=19456,t=2,p=1$UQGfnq3rVIhLoBq1hv9+Xg$/6XW4/+l0Gpu/+9WgEwXxIrwWiTbJTm3vspqa9bj/bk'

INSERT INTO organisation (slug, name, kind) VALUES
	('wijkteam-centrum', 'Wijkteam Centrum', 'wijkteam'),
	('jeugdbescherming-regio', 'Jeugdbescherming Regio', 'jeugdbescherming'),
	('ggz-rivierenland', 'GGZ Rivierenland', 'ggz'),
	('gemeente-balie', 'Gemeente Balie', 'gemeente');

CREATE TEMPORARY TABLE demo_person (
	login text, given text, family text, age interval, kind text
) ON COMMIT DROP;
INSERT INTO demo_person VALUES
	('sanne',  'Sanne',  'de Vries', '38 years 4 months', 'citizen'),
	('mark',   'Mark',   'de Vries', '41 years 7 months', 'citizen'),
	('lotte',  'Lotte',  'de Vries', '16 years 3 months', 'citizen'),
	('daan',   'Daan',   'de Vries', '13 years 5 months', 'citizen'),
	('mees',   'Mees',   'de Vries', '9 years 2 months',  'citizen'),
	('ans',    'Ans',    'Mulder',   '72 years 1 month',  'citizen'),
	('emre',   'Emre',   'Yilmaz',   '45 years 6 months', 'citizen'),
	('elif',   'Elif',   'Yilmaz',   '14 years 8 months', 'citizen'),
	('fatima', 'Fatima', 'Bouali',   NULL, 'professional'),
	('peter',  'Peter',  'Smit',     NULL, 'professional'),
	('ellen',  'Ellen',  'Bakker',   NULL, 'professional'),
	('kees',   'Kees',   'Visser',   NULL, 'clerk');

INSERT INTO person (given_name, family_name, birth_date, kind)
SELECT given, family, (current_date - age)::date, kind
  FROM demo_person ORDER BY login;

CREATE TEMPORARY TABLE demo_id ON COMMIT DROP AS
SELECT d.login, p.id
  FROM demo_person d
  JOIN person p ON p.given_name = d.given AND p.family_name = d.family;

-- Accounts: Mees (9) has none; Ans only uses the counter.
INSERT INTO account (person_id, username, password_hash)
SELECT id, login, :'pw' FROM demo_id WHERE login NOT IN ('mees', 'ans');

INSERT INTO professional (person_id, organisation_id, job_title, email)
SELECT i.id, o.id, v.title, v.login || '@demo.gezinsportaal.invalid'
  FROM (VALUES ('fatima', 'wijkteam-centrum', 'wijkcoach'),
	       ('peter', 'jeugdbescherming-regio', 'jeugdbeschermer'),
	       ('ellen', 'ggz-rivierenland', 'behandelaar'),
	       ('kees', 'gemeente-balie', 'baliemedewerker'))
	AS v(login, org, title)
  JOIN demo_id i ON i.login = v.login
  JOIN organisation o ON o.slug = v.org;

-- How families reach their professional at work (shown on /berichten and
-- wherever a page says "contact your professional").
UPDATE professional pr SET work_phone = v.phone,
       work_email = v.login || '@werk.demo.gezinsportaal.invalid'
  FROM (VALUES ('fatima', '030 123 45 67'), ('peter', '030 765 43 21'),
	       ('ellen', '0344 12 34 56')) AS v(login, phone)
  JOIN demo_id i ON i.login = v.login
 WHERE pr.person_id = i.id;

INSERT INTO family (slug, name, framework) VALUES
	('de-vries', 'De Vries', 'vrijwillig'),
	('yilmaz', 'Yilmaz', 'gedwongen');
-- the municipality: one of the quasi-identifiers of the research export
UPDATE family SET municipality = 'Tiel' WHERE slug = 'de-vries';
UPDATE family SET municipality = 'Culemborg' WHERE slug = 'yilmaz';

INSERT INTO family_member (family_id, person_id, role)
SELECT f.id, i.id, v.role
  FROM (VALUES ('de-vries', 'sanne', 'moeder'),
	       ('de-vries', 'mark', 'vader'),
	       ('de-vries', 'lotte', 'dochter'),
	       ('de-vries', 'daan', 'zoon'),
	       ('de-vries', 'mees', 'zoon'),
	       ('de-vries', 'ans', 'grootmoeder'),
	       ('yilmaz', 'emre', 'vader'),
	       ('yilmaz', 'elif', 'dochter'))
	AS v(fam, login, role)
  JOIN family f ON f.slug = v.fam
  JOIN demo_id i ON i.login = v.login;

-- Parental authority, per child (037_authority.sql): Sanne and Mark over
-- Lotte, Daan and Mees; Emre over Elif; Ans (grandmother) over nobody.
INSERT INTO authority (adult_person, child_person)
SELECT a.id, c.id
  FROM (VALUES ('sanne', 'lotte'), ('sanne', 'daan'), ('sanne', 'mees'),
	       ('mark', 'lotte'), ('mark', 'daan'), ('mark', 'mees'),
	       ('emre', 'elif')) AS v(adult, child)
  JOIN demo_id a ON a.login = v.adult
  JOIN demo_id c ON c.login = v.child;

INSERT INTO assignment (family_id, professional_id, starts_on)
SELECT f.id, i.id, current_date - 200
  FROM (VALUES ('de-vries', 'fatima'), ('yilmaz', 'peter')) AS v(fam, login)
  JOIN family f ON f.slug = v.fam
  JOIN demo_id i ON i.login = v.login;

-- Documents (CONTRACT.md). Written by the assigned professional.
CREATE TEMPORARY TABLE demo_doc (
	fam text, title text, author text, about text[], hidden text[], body text
) ON COMMIT DROP;
INSERT INTO demo_doc VALUES
	('de-vries', 'Gezinsplan', 'fatima',
	 ARRAY['sanne','mark','lotte','daan','mees','ans'], ARRAY[]::text[],
	 'Dit plan is voor het hele gezin.

Wat gaat goed: de kinderen gaan elke dag naar school. Oma Ans helpt op woensdag.

Wat moet beter: er is vaak ruzie over geld. Sanne en Mark praten niet goed met elkaar.

Afspraken: elke twee weken een gesprek met Fatima. Mark haalt Daan en Mees op vrijdag op.'),
	('de-vries', 'Verslag gesprek met Lotte', 'fatima',
	 ARRAY['lotte'], ARRAY[]::text[],
	 'Lotte en Fatima spraken op school.

Lotte voelt zich vaak moe. Ze wil graag meer rust thuis. Ze wil zelf beslissen wie dit verslag leest.'),
	('de-vries', 'Plan voor Daan', 'fatima',
	 ARRAY['daan'], ARRAY[]::text[],
	 'Daan gaat naar een voetbalclub. Hij krijgt hulp bij huiswerk, twee keer per week.'),
	('de-vries', 'Veiligheidsplan', 'fatima',
	 ARRAY['sanne','mark','lotte','daan','mees','ans'], ARRAY[]::text[],
	 'Dit plan zegt wat het gezin doet als het thuis niet veilig is.

Sanne en de kinderen wonen op een nieuw adres. Mark komt daar niet.

Bij gevaar belt iedereen 112.'),
	('de-vries', 'Verslag huisbezoek', 'fatima',
	 ARRAY['sanne','lotte','daan','mees'], ARRAY['mark'],
	 'Fatima was op het nieuwe adres van Sanne en de kinderen.

Het huis is rustig. De kinderen hebben elk een eigen bed. Daan en Mees gaan er naar een nieuwe school.'),
	('yilmaz', 'Besluit ondertoezichtstelling', 'peter',
	 ARRAY['elif'], ARRAY[]::text[],
	 'De rechter heeft besloten dat Elif onder toezicht staat. Dat heet een ondertoezichtstelling. Een jeugdbeschermer helpt het gezin en kijkt mee.

Het besluit geldt voor een jaar.');

INSERT INTO document (family_id, title, body, author_id, organisation_id,
    created_at)
SELECT f.id, d.title, d.body, i.id, pr.organisation_id,
       now() - (row_number() OVER (ORDER BY d.title)) * interval '3 days'
  FROM demo_doc d
  JOIN family f ON f.slug = d.fam
  JOIN demo_id i ON i.login = d.author
  JOIN professional pr ON pr.person_id = i.id;

INSERT INTO document_subject (document_id, person_id)
SELECT doc.id, i.id
  FROM demo_doc d JOIN document doc ON doc.title = d.title,
       unnest(d.about) AS a(login) JOIN demo_id i ON i.login = a.login;

INSERT INTO document_hidden (document_id, person_id)
SELECT doc.id, i.id
  FROM demo_doc d JOIN document doc ON doc.title = d.title,
       unnest(d.hidden) AS h(login) JOIN demo_id i ON i.login = h.login;

-- A part of the Veiligheidsplan hidden from Mark (CONTRACT.md: "with
-- Sanne's address hidden from Mark"); he reads the rest of the plan.
WITH p AS (
	INSERT INTO document_part (document_id, label, body)
	SELECT id, 'Nieuw adres van Sanne en de kinderen',
	       'Lindelaan 12, 3581 KA Utrecht. Het huis heeft een alarmknop.'
	  FROM document WHERE title = 'Veiligheidsplan'
	RETURNING id)
INSERT INTO document_part_hidden (part_id, person_id)
SELECT p.id, i.id FROM p, demo_id i WHERE i.login = 'mark';

-- Attachments: a one-page PDF per document (made for the demo).
CREATE TEMPORARY TABLE demo_file (title text, b64 text) ON COMMIT DROP;
INSERT INTO demo_file VALUES
	('Gezinsplan',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29k'
	 'aW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMTM1ID4+CnN0cmVhbQpCVCAvRjEg'
	 'MTQgVGYgNzIgNzYwIFRkIDE4IFRMCihHZXppbnNwb3J0YWFsIC0gYmlqbGFnZSkgVGogVCoK'
	 'KEdlemluc3BsYW4pIFRqIFQqCigpIFRqIFQqCihEaXQgaXMgZWVuIHZvb3JiZWVsZCB2b29y'
	 'IGRlIGRlbW8uKSBUaiBUKgpFVAplbmRzdHJlYW0KZW5kb2JqCnhyZWYKMCA2CjAwMDAwMDAw'
	 'MDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAwMDAwIG4gCjAw'
	 'MDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAwMzM4IDAwMDAw'
	 'IG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhyZWYKNTIzCiUl'
	 'RU9GCg=='),
	('Verslag gesprek met Lotte',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29k'
	 'aW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMTUwID4+CnN0cmVhbQpCVCAvRjEg'
	 'MTQgVGYgNzIgNzYwIFRkIDE4IFRMCihHZXppbnNwb3J0YWFsIC0gYmlqbGFnZSkgVGogVCoK'
	 'KFZlcnNsYWcgZ2VzcHJlayBtZXQgTG90dGUpIFRqIFQqCigpIFRqIFQqCihEaXQgaXMgZWVu'
	 'IHZvb3JiZWVsZCB2b29yIGRlIGRlbW8uKSBUaiBUKgpFVAplbmRzdHJlYW0KZW5kb2JqCnhy'
	 'ZWYKMCA2CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAw'
	 'MDU4IDAwMDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAow'
	 'MDAwMDAwMzM4IDAwMDAwIG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+Pgpz'
	 'dGFydHhyZWYKNTM4CiUlRU9GCg=='),
	('Plan voor Daan',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29k'
	 'aW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMTM5ID4+CnN0cmVhbQpCVCAvRjEg'
	 'MTQgVGYgNzIgNzYwIFRkIDE4IFRMCihHZXppbnNwb3J0YWFsIC0gYmlqbGFnZSkgVGogVCoK'
	 'KFBsYW4gdm9vciBEYWFuKSBUaiBUKgooKSBUaiBUKgooRGl0IGlzIGVlbiB2b29yYmVlbGQg'
	 'dm9vciBkZSBkZW1vLikgVGogVCoKRVQKZW5kc3RyZWFtCmVuZG9iagp4cmVmCjAgNgowMDAw'
	 'MDAwMDAwIDY1NTM1IGYgCjAwMDAwMDAwMDkgMDAwMDAgbiAKMDAwMDAwMDA1OCAwMDAwMCBu'
	 'IAowMDAwMDAwMTE1IDAwMDAwIG4gCjAwMDAwMDAyNDEgMDAwMDAgbiAKMDAwMDAwMDMzOCAw'
	 'MDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDYgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjUy'
	 'NwolJUVPRgo='),
	('Verslag huisbezoek',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhID4+CmVuZG9iago1IDAgb2JqCjw8IC9M'
	 'ZW5ndGggMTcxID4+CnN0cmVhbQpCVCAvRjEgMTggVGYgNzIgNzYwIFRkIChHZXppbnNwb3J0'
	 'YWFsIC0gYmlqbGFnZSkgVGogRVQKQlQgL0YxIDE0IFRmIDcyIDczMCBUZCAoVmVyc2xhZyBo'
	 'dWlzYmV6b2VrKSBUaiBFVApCVCAvRjEgMTIgVGYgNzIgNzAwIFRkIChEaXQgaXMgZWVuIHZv'
	 'b3JiZWVsZCB2b29yIGRlIGRlbW8uKSBUaiBFVAplbmRzdHJlYW0KZW5kb2JqCnhyZWYKMCA2'
	 'CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU4IDAw'
	 'MDAwIG4gCjAwMDAwMDAxMTUgMDAwMDAgbiAKMDAwMDAwMDI0MSAwMDAwMCBuIAowMDAwMDAw'
	 'MzExIDAwMDAwIG4gCnRyYWlsZXIKPDwgL1NpemUgNiAvUm9vdCAxIDAgUiA+PgpzdGFydHhy'
	 'ZWYKNTMyCiUlRU9GCg=='),
	('Veiligheidsplan',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29k'
	 'aW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMTQwID4+CnN0cmVhbQpCVCAvRjEg'
	 'MTQgVGYgNzIgNzYwIFRkIDE4IFRMCihHZXppbnNwb3J0YWFsIC0gYmlqbGFnZSkgVGogVCoK'
	 'KFZlaWxpZ2hlaWRzcGxhbikgVGogVCoKKCkgVGogVCoKKERpdCBpcyBlZW4gdm9vcmJlZWxk'
	 'IHZvb3IgZGUgZGVtby4pIFRqIFQqCkVUCmVuZHN0cmVhbQplbmRvYmoKeHJlZgowIDYKMDAw'
	 'MDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAg'
	 'biAKMDAwMDAwMDExNSAwMDAwMCBuIAowMDAwMDAwMjQxIDAwMDAwIG4gCjAwMDAwMDAzMzgg'
	 'MDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0YXJ0eHJlZgo1'
	 'MjgKJSVFT0YK'),
	('Besluit ondertoezichtstelling',
	 'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5k'
	 'b2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4K'
	 'ZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3gg'
	 'WzAgMCA1OTUgODQyXSAvUmVzb3VyY2VzIDw8IC9Gb250IDw8IC9GMSA0IDAgUiA+PiA+PiAv'
	 'Q29udGVudHMgNSAwIFIgPj4KZW5kb2JqCjQgMCBvYmoKPDwgL1R5cGUgL0ZvbnQgL1N1YnR5'
	 'cGUgL1R5cGUxIC9CYXNlRm9udCAvSGVsdmV0aWNhIC9FbmNvZGluZyAvV2luQW5zaUVuY29k'
	 'aW5nID4+CmVuZG9iago1IDAgb2JqCjw8IC9MZW5ndGggMTU0ID4+CnN0cmVhbQpCVCAvRjEg'
	 'MTQgVGYgNzIgNzYwIFRkIDE4IFRMCihHZXppbnNwb3J0YWFsIC0gYmlqbGFnZSkgVGogVCoK'
	 'KEJlc2x1aXQgb25kZXJ0b2V6aWNodHN0ZWxsaW5nKSBUaiBUKgooKSBUaiBUKgooRGl0IGlz'
	 'IGVlbiB2b29yYmVlbGQgdm9vciBkZSBkZW1vLikgVGogVCoKRVQKZW5kc3RyZWFtCmVuZG9i'
	 'agp4cmVmCjAgNgowMDAwMDAwMDAwIDY1NTM1IGYgCjAwMDAwMDAwMDkgMDAwMDAgbiAKMDAw'
	 'MDAwMDA1OCAwMDAwMCBuIAowMDAwMDAwMTE1IDAwMDAwIG4gCjAwMDAwMDAyNDEgMDAwMDAg'
	 'biAKMDAwMDAwMDMzOCAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDYgL1Jvb3QgMSAwIFIg'
	 'Pj4Kc3RhcnR4cmVmCjU0MgolJUVPRgo=');
INSERT INTO document_file (document_id, filename, mime_type, size, content)
SELECT doc.id, replace(f.title, ' ', '-') || '.pdf', 'application/pdf',
       octet_length(decode(f.b64, 'base64')), decode(f.b64, 'base64')
  FROM demo_file f JOIN document doc ON doc.title = f.title;

-- The court order shares Elif's decision with Jeugdbescherming Regio.
INSERT INTO document_share (document_id, organisation_id, court_order)
SELECT doc.id, o.id, true
  FROM document doc, organisation o
 WHERE doc.title = 'Besluit ondertoezichtstelling'
   AND o.slug = 'jeugdbescherming-regio';
-- Safety between members (CONTRACT.md): Sanne and the children are
-- shielded from Mark, marked by Fatima.
INSERT INTO member_shield (family_id, person_id, from_person_id, marked_by)
SELECT f.id, a.id, b.id, pro.id
  FROM family f, demo_id a, demo_id b, demo_id pro
 WHERE f.slug = 'de-vries' AND a.login IN ('sanne', 'lotte', 'daan', 'mees')
   AND b.login = 'mark' AND pro.login = 'fatima';

-- Appointment slots for the next two weeks, working days, Dutch time:
-- Fatima for De Vries (one a day by video), Peter for any family he
-- works with.
INSERT INTO appointment_slot (professional_id, family_id, starts_at,
    ends_at, place)
SELECT i.id, f.id,
       (d::date + t) AT TIME ZONE 'Europe/Amsterdam',
       (d::date + t + interval '45 minutes') AT TIME ZONE 'Europe/Amsterdam',
       CASE WHEN v.login = 'fatima' AND t = time '14:00'
	    THEN 'Videobellen: https://video.gezinsportaal.invalid/fatima'
	    ELSE v.place END
  FROM (VALUES ('fatima', 'de-vries',
		'Wijkteam Centrum, Stationsplein 4, Utrecht'),
	       ('peter', NULL, 'Jeugdbescherming Regio, Kerkstraat 20, Utrecht'))
	AS v(login, fam, place)
  JOIN demo_id i ON i.login = v.login
  LEFT JOIN family f ON f.slug = v.fam,
       generate_series(current_date + 1, current_date + 14,
	   interval '1 day') AS g(d),
       unnest(ARRAY[time '09:30', time '11:00', time '14:00',
	   time '15:30']) AS s(t)
 WHERE extract(isodow FROM d) < 6;
-- Sanne and the children are shielded from Mark, so he is offered no
-- time opened for the whole family (lib/policy, policy_slot_offered):
-- Fatima opens times for him by name, at noon.
INSERT INTO appointment_slot (professional_id, family_id, person_id,
    starts_at, ends_at, place)
SELECT pro.id, f.id, m.id,
       (d::date + time '12:00') AT TIME ZONE 'Europe/Amsterdam',
       (d::date + time '12:45') AT TIME ZONE 'Europe/Amsterdam',
       'Wijkteam Centrum, Stationsplein 4, Utrecht'
  FROM demo_id pro, demo_id m, family f,
       generate_series(current_date + 1, current_date + 14,
	   interval '1 day') AS g(d)
 WHERE pro.login = 'fatima' AND m.login = 'mark' AND f.slug = 'de-vries'
   AND extract(isodow FROM d) < 6;
-- A request by Sanne about the family plan, made ten days ago (so the
-- pages for requests are not empty in the demo), and who hears about
-- requests that are too late at the organisations working with families.
INSERT INTO request (family_id, author_id, document_id, kind, body,
    form_nonce, created_at, created_on)
SELECT f.id, i.id, doc.id, 'wijzigen',
       'Er staat dat Sanne en Mark niet goed praten. Dat klopt niet meer. '
       'Wij praten nu elke week samen.',
       md5('demo-request'), now() - interval '10 days',
       ((now() AT TIME ZONE 'Europe/Amsterdam') - interval '10 days')::date
  FROM family f, demo_id i, document doc
 WHERE f.slug = 'de-vries' AND i.login = 'sanne' AND doc.title = 'Gezinsplan';
INSERT INTO request_event (request_id, at, actor_id, what)
SELECT r.id, r.created_at, r.author_id, 'ingediend' FROM request r;
UPDATE organisation SET notify_email = slug || '@demo.gezinsportaal.invalid'
 WHERE slug IN ('wijkteam-centrum', 'jeugdbescherming-regio');
-- Where their intake reads help requests (/hulp-vragen, sql/039).
UPDATE organisation SET intake_email = 'intake-' || slug || '@demo.gezinsportaal.invalid'
 WHERE slug IN ('wijkteam-centrum', 'jeugdbescherming-regio');

-- Ans Mulder (72, no login) wants her post on paper, at the counter
-- (issue 14, part 6): what the portal would mail her becomes a letter in
-- the counter's print queue (/balie/post), e.g. when Sanne shares the
-- Gezinsplan and it waits for Ans's yes.
INSERT INTO contact_details (person_id, phone, address, reach_by)
SELECT id, '0344 123456', E'Kerkstraat 12\n4001 AB Tiel', 'balie'
  FROM demo_id WHERE login = 'ans';

-- The second log-in step (CONTRACT.md, "Second factor"): the staff's demo
-- secrets, already shown (so no enrolment page; `portal totp-enrol` makes
-- a new one).
INSERT INTO staff_totp (person_id, secret, shown_at)
SELECT i.id, v.secret, now()
  FROM (VALUES ('kees', 'JBSWY3DPEHPK3PXP'), ('fatima', 'KRSXG5CTMVRXEZLU'),
	       ('peter', 'MFRGGZDFMZTWQ2LK'), ('ellen', 'GEZDGNBVGY3TQOJQ'))
	AS v(login, secret)
  JOIN demo_id i ON i.login = v.login;

COMMIT;
