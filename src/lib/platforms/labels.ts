// How platform kinds and pipeline statuses read, apart from the form schema
// that checks them: pages that only show a platform then do not load zod.
import type { PlatformKind } from '../scoring/types';

/** Every kind of PLATFORM_KINDS (scoring/types, the one list), in its order. */
export const KIND_LABELS = {
	exchange: 'Centralised exchange',
	custodian: 'Custodian',
	defi: 'DeFi protocol',
	market_maker: 'Market maker',
	wallet: 'Wallet provider',
	other: 'Other'
} as const satisfies Record<PlatformKind, string>;

export const STATUS_LABELS = {
	prospect: 'Prospect',
	under_review: 'Under review',
	approved: 'Approved',
	rejected: 'Rejected',
	monitoring: 'Monitoring'
} as const;
