// A memo printed right after it loads: its charts must show their final
// figures, not bars still growing (chart.js animates for about a second).
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** Each chart's pixels, twice, 120 ms apart: equal when nothing moves. */
async function twoFrames(page: Page): Promise<[string[], string[]]> {
	return page.evaluate(async () => {
		const frame = () => [...document.querySelectorAll('canvas')].map((c) => (c as HTMLCanvasElement).toDataURL());
		const first = frame();
		await new Promise((r) => setTimeout(r, 120));
		return [first, frame()];
	});
}

async function memoAddress(page: Page): Promise<string> {
	await page.goto('/reviews');
	return `${await page.getByRole('main').locator('a[href^="/reviews/"]').first().getAttribute('href')}/memo`;
}

/** Until chart.js has drawn something into every canvas. */
async function chartsDrawn(page: Page): Promise<void> {
	await expect(page.locator('canvas').first()).toBeVisible();
	await page.waitForFunction(() => {
		const canvases = [...document.querySelectorAll('canvas')] as HTMLCanvasElement[];
		return canvases.length > 0 && canvases.every((c) => c.width > 0 && c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0));
	});
}

test('a memo opened for printing draws its charts in their final state at once', async ({ page }) => {
	await signIn(page, 'committee');
	const memo = await memoAddress(page);
	await page.emulateMedia({ media: 'print' });
	await page.goto(memo);
	await chartsDrawn(page);
	const [first, second] = await twoFrames(page);
	expect(second, 'no chart moves between two frames').toEqual(first);
});

test('printing a memo right after it loads stops the animation at the final figures', async ({ page }) => {
	await signIn(page, 'committee');
	const memo = await memoAddress(page);
	await page.goto(memo);
	await chartsDrawn(page);
	// What the browser does when someone presses Print: beforeprint, then the snapshot.
	await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
	const [first, second] = await twoFrames(page);
	expect(second, 'no chart moves after beforeprint').toEqual(first);
});
