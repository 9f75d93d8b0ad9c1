-- 018_reply_link_mark.sql - the place of the reply link in a mail body is
-- now "{link}" (lib/token.h TOKEN_MARK, templates/mail/reactie.txt), not
-- "{antwoord-link}": mails written before the change and not sent yet get
-- the new mark, so the outbox sender still puts their link in.
UPDATE outbox SET body = replace(body, '{antwoord-link}', '{link}')
 WHERE kind = 'mail' AND sent_at IS NULL
   AND position('{antwoord-link}' IN body) > 0
