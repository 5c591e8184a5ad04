import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../playwright.config';

export const SHORT = 'http://localhost:4174';

export async function signIn(page: Page, role: 'admin' | 'analyst' | 'committee', base = '') {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(`${role}@clearance.demo`);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
}
