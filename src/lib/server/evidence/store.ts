// Evidence files: accepted by what their bytes are, never by their name,
// stored once per SHA-256 outside the web root.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'text/plain' | 'text/csv';

export const TYPE_NAMES: Record<EvidenceType, string> = {
	'application/pdf': 'PDF',
	'image/png': 'PNG image',
	'image/jpeg': 'JPEG image',
	'text/plain': 'plain text',
	'text/csv': 'CSV'
};

export function evidenceDir(): string {
	return path.resolve(process.env.EVIDENCE_DIR || path.join(path.dirname(path.resolve(process.env.DATABASE_PATH || './data/clearance.db')), 'evidence'));
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Plain UTF-8 text: decodes strictly and holds no control bytes but tab, CR and LF. */
function isText(bytes: Uint8Array): boolean {
	if (bytes.length === 0) return false;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
	} catch {
		return false;
	}
}

/** The file's type as its content shows it, or null when it is not on the allow-list. */
export function sniff(bytes: Uint8Array, filename: string): EvidenceType | null {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// Text carries no magic number; the name only chooses between two text types.
	if (isText(bytes)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
	return null;
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function blobPath(hash: string): string {
	if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('not a SHA-256');
	return path.join(evidenceDir(), hash.slice(0, 2), hash);
}

/**
 * Make sure the bytes are on disk under their hash, writing them (atomically)
 * when they are not. The caller holds the write lock: see evidence.ts on why.
 */
export function ensureBlob(hash: string, bytes: Uint8Array): void {
	const target = blobPath(hash);
	if (fs.existsSync(target)) return;
	fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
	const temp = `${target}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
	fs.writeFileSync(temp, bytes, { mode: 0o600 });
	fs.renameSync(temp, target);
}

/**
 * Take the file out of its place, to be deleted once the transaction that
 * released it commits (`discard`), or put back if it does not (`restore`).
 * Null when there was no file.
 */
export function setAside(hash: string): string | null {
	const target = blobPath(hash);
	const aside = `${target}.released-${process.pid}-${randomBytes(6).toString('hex')}`;
	try {
		fs.renameSync(target, aside);
		return aside;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
}

export function discard(aside: string): void {
	fs.rmSync(aside, { force: true });
}

/** Same bytes under the same name: if a store wrote the file again meanwhile, either copy will do. */
export function restore(aside: string, hash: string): void {
	try {
		fs.renameSync(aside, blobPath(hash));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
	}
}

/** A file no committed row refers to (the bytes of a refused upload). */
export function removeBlob(hash: string): void {
	fs.rmSync(blobPath(hash), { force: true });
}

// File names. An analyst opens what they download, and the operating system
// picks what runs it by the last extension: `policy.pdf.vbs` runs Windows
// Script Host whatever the bytes are. Evidence is only ever PDF, PNG, JPEG,
// text or CSV (judged by content), so a name ending in an extension that runs
// code or renders active content contradicts its content: the upload is
// refused, naming it, and the person renames the file. Any other name that
// does not end in its type's extension (`notes`, `policy.pdf` over text) gets
// that extension appended, on upload and again on every download, so rows
// stored before this rule are sent under a safe name too.

/** The extensions each type is saved and sent under; the first is the one appended. */
const EXTENSIONS: Record<EvidenceType, readonly string[]> = {
	'application/pdf': ['pdf'],
	'image/png': ['png'],
	'image/jpeg': ['jpg', 'jpeg'],
	'text/plain': ['txt'],
	'text/csv': ['csv']
};

/**
 * Extensions that run a program, a script or a macro, install or mount
 * something, or render active content (HTML, SVG) when opened. None of them
 * is ever the type of accepted evidence.
 */
const ACTIVE_EXTENSIONS: ReadonlySet<string> = new Set(
	(
		// Windows programs, libraries, installers, shortcuts and settings.
		'exe dll com scr pif cpl msc msi msp mst msix msixbundle appx appxbundle appinstaller application appref-ms gadget lnk url scf ' +
		'library-ms settingcontent-ms search-ms searchconnector-ms inf ins isp reg sys drv ocx cab diagcab chm hlp job ' +
		// Windows scripts.
		'bat cmd vb vbs vbe js jse mjs cjs wsf wsh wsc ws sct ps1 ps1xml ps2 ps2xml psc1 psc2 psd1 psm1 pssc cdxml msh msh1 msh2 mshxml msh1xml msh2xml ' +
		// Other scripts and programs.
		'sh bash zsh csh ksh fish command tool run elf app action workflow scpt applescript jar class py pyc pyw pl rb php lua tcl ' +
		// Disk images and archives that mount or unpack into programs.
		'iso img vhd vhdx dmg pkg mpkg deb rpm apk ipa xpi crx ' +
		// Office files with macros (accepted evidence never is one).
		'docm dotm xlsm xltm xlam xlsb pptm potm ppam ppsm sldm accdb accde mdb mde ade adp mda xll wll ' +
		// Pages and images that run script when opened.
		'html htm xhtml xht shtml mht mhtml hta svg svgz xml xsl xslt'
	).split(' ')
);

/** The name's last extension, lower case ('' when it has none). */
function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A filename fit to show and to send back in Content-Disposition. */
export function safeFilename(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? 'evidence';
	// Windows drops trailing dots and spaces (`evil.vbs.` is saved as evil.vbs): so do we, before judging the extension.
	const cleaned = base.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '').slice(0, 120).replace(/[. ]+$/, '').trim();
	return cleaned || 'evidence';
}

/** The extension of `name` that would run as a program though its content is `type`, or null. */
export function activeExtension(name: string): string | null {
	const ext = extensionOf(safeFilename(name));
	return ACTIVE_EXTENSIONS.has(ext) ? ext : null;
}

/** The name evidence of this type is saved and sent under: cleaned, ending in an extension of its type. */
export function evidenceFilename(name: string | null, type: string | null): string {
	const safe = safeFilename(name ?? 'evidence');
	const extensions = type && Object.hasOwn(EXTENSIONS, type) ? EXTENSIONS[type as EvidenceType] : ['bin'];
	return extensions.includes(extensionOf(safe)) ? safe : `${safe}.${extensions[0]}`;
}

/** The extension a file of this type should end in, for a message. */
export function typeExtension(type: EvidenceType): string {
	return EXTENSIONS[type][0];
}
