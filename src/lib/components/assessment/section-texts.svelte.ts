// The questions' texts of the sections the assessment page has opened. The
// page comes with the open section's; another's is fetched from
// /assessments/<id>/texts when it is opened, and kept for as long as the
// page is (a template version never changes, so kept texts never go stale).
// Keyed by the questionnaire's hash: an amendment may open on another version.
import { untrack } from 'svelte';
import type { Template } from '$lib/scoring/types';
import { withTexts, type SectionTexts } from '$lib/templates/texts';

export class SectionTextsStore {
	// Replaced whole on each arrival (a few per page), so a plain $state record does.
	#fetched = $state.raw<Record<string, SectionTexts>>({});
	#pending = new Set<string>();
	/** Sections whose texts could not be fetched, to say so on the page. */
	failed = $state.raw<string[]>([]);

	/** `doc` with the texts of every section known: those sent with the page (`sent`) and those fetched since. */
	apply(doc: Template, sha256: string, sent: SectionTexts): Template {
		const known = new Map<string, SectionTexts>([[sent.section, sent]]);
		for (const s of doc.sections) {
			const fetched = this.#fetched[`${sha256}:${s.id}`];
			if (fetched && !known.has(s.id)) known.set(s.id, fetched);
		}
		return withTexts(doc, known);
	}

	/** Fetch a section's texts unless they are here already or on their way. Untracked: an effect calling it reruns only on its own inputs. */
	ensure(assessmentId: number, sha256: string, sent: SectionTexts, sectionId: string): void {
		untrack(() => this.#ensure(assessmentId, sha256, sent, sectionId));
	}

	#ensure(assessmentId: number, sha256: string, sent: SectionTexts, sectionId: string): void {
		const key = `${sha256}:${sectionId}`;
		if (sent.section === sectionId || Object.hasOwn(this.#fetched, key) || this.#pending.has(key)) return;
		this.#pending.add(key);
		this.failed = this.failed.filter((s) => s !== sectionId);
		fetch(`/assessments/${assessmentId}/texts?section=${encodeURIComponent(sectionId)}`)
			.then(async (response) => {
				if (!response.ok) throw new Error(`texts: ${response.status}`);
				this.#fetched = { ...this.#fetched, [key]: (await response.json()) as SectionTexts };
			})
			.catch(() => {
				// The questions still show and can be answered; only their guidance is missing, and the page says so.
				this.failed = [...this.failed, sectionId];
			})
			.finally(() => this.#pending.delete(key));
	}
}
