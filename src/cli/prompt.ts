// Reads a secret from stdin: piped input is read whole (first line), a
// terminal gets a prompt with echo turned off. Never from argv, where other
// users of the machine could read it in the process list.
import { createInterface } from 'node:readline';

export async function readSecret(question: string): Promise<string> {
	const stdin = process.stdin;
	if (!stdin.isTTY) {
		let data = '';
		for await (const chunk of stdin) data += chunk;
		return data.split(/\r?\n/)[0] ?? '';
	}
	process.stderr.write(question);
	stdin.setRawMode(true);
	const rl = createInterface({ input: stdin, terminal: false });
	return new Promise((resolve) => {
		let value = '';
		const onData = (buf: Buffer) => {
			for (const ch of buf.toString('utf8')) {
				if (ch === '\r' || ch === '\n') {
					stdin.off('data', onData);
					stdin.setRawMode(false);
					rl.close();
					stdin.pause();
					process.stderr.write('\n');
					return resolve(value);
				}
				if (ch === '\u0003') process.exit(130);
				if (ch === '\u007f') value = value.slice(0, -1);
				else value += ch;
			}
		};
		stdin.on('data', onData);
	});
}
