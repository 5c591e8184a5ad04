// A user-agent string in the few words a person recognises ("Firefox on
// Windows"), for the sessions page. Order matters: Edge and Opera also claim
// Chrome, Chrome also claims Safari, and Android also claims Linux.
const BROWSERS: Array<[RegExp, string]> = [
	[/Edg(e|A|iOS)?\//, 'Edge'],
	[/OPR\/|Opera/, 'Opera'],
	[/Firefox\/|FxiOS\//, 'Firefox'],
	[/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
	[/Safari\//, 'Safari'],
	[/curl\//, 'curl']
];
const SYSTEMS: Array<[RegExp, string]> = [
	[/Android/, 'Android'],
	[/iPhone|iPad|iPod/, 'iOS'],
	[/Windows/, 'Windows'],
	[/Mac OS X|Macintosh/, 'macOS'],
	[/CrOS/, 'ChromeOS'],
	[/Linux/, 'Linux']
];

export function describeUserAgent(ua: string | null | undefined): string {
	if (!ua) return 'Unknown browser';
	const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
	const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
	if (browser && system) return `${browser} on ${system}`;
	return browser ?? system ?? 'Unknown browser';
}
