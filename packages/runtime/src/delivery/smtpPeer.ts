// Test support (not exported from the package): a real SMTP server on a free port whose received
// messages are parsed with mailparser.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Starts a local SMTP server; `messages` fills as mail arrives. */
export async function startSmtpPeer(options: { rejectWith?: number } = {}) {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (options.rejectWith) {
        stream.resume();
        stream.on('end', () =>
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: options.rejectWith })),
        );
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
