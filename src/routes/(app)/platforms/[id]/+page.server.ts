import { error, fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import * as assessments from '$lib/server/assessments';
import { dayOf } from '$lib/findings/vocabulary';
import * as findings from '$lib/server/findings';
import { chosenIds } from '$lib/validation/findings';
import type { Invitation } from '$lib/server/db/schema';
import { requireRole } from '$lib/server/http';
import * as invitations from '$lib/server/invitations';
import { formProblem } from '$lib/validation/form';
import { controlCharactersMessage, hasControlCharacters } from '$lib/validation/text';
import { email as emailSchema, fieldErrors, formFields } from '$lib/validation/users';
import { z } from 'zod';
import * as platforms from '$lib/server/platforms';
import * as remediation from '$lib/server/remediation';
import { templateDoc } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import * as users from '$lib/server/auth';
import * as conditions from '$lib/server/conditions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The template a new assessment uses unless someone picks another. */
const DEFAULT_TEMPLATE = 'ci-dd';

function platformId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such platform.');
	return id;
}

/** People who can be named as assessors: analysts and admins still active. */
const assessorsAvailable = () => users.list().filter((u) => !u.disabled && (u.role === 'analyst' || u.role === 'admin'));

type HistoryRow = ReturnType<typeof assessments.listForPlatform>[number];

/** Section id → title, across every template version the given assessments used. */
function sectionTitles(used: HistoryRow[]): Map<string, string> {
	const titles = new Map<string, string>();
	for (const { templateVersionId, templateSha256 } of new Map(used.map((a) => [a.templateVersionId, a])).values()) {
		for (const s of templateDoc(templateVersionId, templateSha256).sections) titles.set(s.id, s.title ?? s.id);
	}
	return titles;
}

/** The latest final assessment's stored figures, its knock-outs named by their questions. */
function latestFigures(latest: HistoryRow) {
	const result = latest.result;
	if (!result) return null;
	const sections = templateDoc(latest.templateVersionId, latest.templateSha256).sections;
	const questions = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, q.prompt ?? q.id] as const)));
	const titles = new Map(sections.map((s) => [s.id, s.title ?? s.id]));
	return {
		id: latest.id,
		finalizedAt: latest.finalizedAt,
		validUntil: latest.validUntil,
		template: `${latest.templateKey} ${latest.templateVersion}`,
		overall: result.overall,
		knockouts: result.knockouts.map((k) => ({ ...k, prompt: questions.get(k.question) ?? k.question, sectionTitle: titles.get(k.section) ?? k.section }))
	};
}

function startOptions(userId: number) {
	const published = templates
		.list()
		.map((t) => ({ key: t.key, title: t.title, versions: t.versions.filter((v) => v.status === 'published').sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || b.id - a.id) }))
		.filter((t) => t.versions.length > 0);
	const preferred = published.find((t) => t.key === DEFAULT_TEMPLATE) ?? published[0];
	const people = assessorsAvailable();
	return {
		templates: published.map((t) => ({ key: t.key, title: t.title, versions: t.versions.map((v) => v.version) })),
		defaultTemplate: preferred ? `${preferred.key}@${preferred.versions[0].version}` : '',
		assessors: people.map((u) => ({ id: u.id, name: u.name, email: u.email })),
		// Whoever starts an assessment usually carries it out.
		defaultAssessors: people.some((u) => u.id === userId) ? [userId] : []
	};
}

export const load: PageServerLoad = ({ params, locals }) => {
	const id = platformId(params.id);
	const platform = platforms.get(id);
	if (!platform) error(404, 'There is no such platform.');
	const history = assessments.listForPlatform(id);
	const finals = history.filter((a) => a.state === 'final' && a.finalizedAt !== null).sort((a, b) => a.finalizedAt! - b.finalizedAt! || a.id - b.id);
	const titles = sectionTitles(finals);
	const sectionIds = [...new Set(finals.flatMap((a) => a.result?.sections.map((s) => s.id) ?? []))];
	// One decimal, as everywhere else; the chart's tooltips show these as they are.
	const round = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
	const latest = finals.at(-1);
	const canEdit = locals.user!.role !== 'committee';
	return {
		platform,
		conditions: conditions.forPlatform(id),
		today: new Date().toISOString().slice(0, 10),
		// The history table's columns (coverage: a draft's score reads as provisional beside it); per-section figures go only to the trend.
		history: history.map(({ result: _r, templateVersionId: _v, templateSha256: _h, assuredScore: _a, ...row }) => row),
		latest: latest ? latestFigures(latest) : null,
		trend: {
			dates: finals.map((a) => new Date(a.finalizedAt!).toISOString().slice(0, 10)),
			overall: finals.map((a) => round(a.score)),
			sections: sectionIds.map((sid) => ({
				id: sid,
				title: titles.get(sid) ?? sid,
				scores: finals.map((a) => round(a.result?.sections.find((s) => s.id === sid)?.score))
			}))
		},
		canEdit,
		findings: findings.listForPlatform(id, dayOf(Date.now())),
		start: canEdit ? startOptions(locals.user!.id) : null,
		invitations: canEdit ? invitationRows(history.filter((a) => a.origin === 'self').map((a) => a.id)) : [],
		remediation: canEdit ? remediationRows(id) : null
	};
};

/** The platform's remediation requests (never their tokens) and how many findings could be sent now. */
function remediationRows(platformId: number) {
	const now = Date.now();
	return {
		requests: remediation.listForPlatform(platformId).map((r) => ({
			id: r.id,
			respondentName: r.respondentName,
			respondentEmail: r.respondentEmail,
			createdAt: r.createdAt,
			expiresAt: r.expiresAt,
			status: remediation.statusOf(r, now),
			findings: r.findings
		})),
		sendable: remediation.sendable(platformId).length
	};
}

function invitationRows(assessmentIds: number[]) {
	const now = Date.now();
	return invitations.listForAssessments(assessmentIds).map((i) => ({
		id: i.id,
		assessmentId: i.assessmentId,
		respondentName: i.respondentName,
		respondentEmail: i.respondentEmail,
		createdAt: i.createdAt,
		expiresAt: i.expiresAt,
		status: invitations.statusOf(i, now),
		replaced: i.replacedById !== null
	}));
}

/** The invitation the form names, if it belongs to this page's platform (ids from a form are untrusted); else why not. */
async function ownInvitation(event: RequestEvent): Promise<Invitation | string> {
	const form = await event.request.formData();
	const problem = formProblem(form);
	if (problem) return problem.message;
	const inv = invitations.get(Number(form.get('invitationId')));
	return inv && assessments.get(inv.assessmentId)?.platform.id === platformId(event.params.id) ? inv : 'There is no such invitation.';
}

const inviteInput = z.object({
	respondentName: z
		.string()
		.trim()
		.min(1, 'Enter who will answer.')
		.max(120, 'At most 120 characters.')
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage('A name')),
	respondentEmail: emailSchema,
	expiresInDays: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(1, 'At least 1 day.').max(invitations.MAX_EXPIRY_DAYS, `At most ${invitations.MAX_EXPIRY_DAYS} days.`),
	message: z
		.string()
		.trim()
		.max(2000, 'At most 2,000 characters.')
		.default('')
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A message', { multiline: true })),
	template: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}@.{1,32}$/, 'Choose a published template version.')
});

/** key@version, as the template picker posts it. */
const TEMPLATE_CHOICE = /^([^@]+)@(.+)$/;

const FROM_THE_LIST = 'Assessors are active analysts or admins; choose from the list.';

const startInput = z.object({
	template: z.string().regex(TEMPLATE_CHOICE, 'Choose a published template version.'),
	assessors: z.array(z.number({ error: FROM_THE_LIST }).int(FROM_THE_LIST).positive(FROM_THE_LIST)).min(1, 'Choose at least one assessor.'),
	dueDate: z.string()
});

/** Each field's first problem, by the field's name (a list's items answer for the list). */
function startErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
	return out;
}

/** The findings chosen with the triage form's checkboxes. */
async function chosenFindings(event: RequestEvent): Promise<{ ids: number[] } | { message: string }> {
	const form = await event.request.formData();
	const problem = formProblem(form, { lists: ['ids'] });
	if (problem) return { message: problem.message };
	const parsed = chosenIds.safeParse(form.getAll('ids'));
	if (!parsed.success) return { message: parsed.error.issues[0].message };
	return { ids: parsed.data };
}

export const actions: Actions = {
	confirmFindings: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const chosen = await chosenFindings(event);
		if ('message' in chosen) return fail(400, { findingsMessage: chosen.message });
		try {
			const done = findings.confirmMany(user.actor, id, chosen.ids);
			return { findingsDone: `${done.length} finding${done.length === 1 ? '' : 's'} confirmed: open, each due by the default for its severity.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { findingsMessage: err.message });
			throw err;
		}
	},
	mergeFindings: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const chosen = await chosenFindings(event);
		if ('message' in chosen) return fail(400, { findingsMessage: chosen.message });
		// The list is most severe first, and the form keeps its order: the first chosen keeps the others' questions.
		const [into, ...others] = chosen.ids;
		try {
			const kept = findings.merge(user.actor, id, into ?? 0, others);
			return { findingsDone: `Merged into #${kept.id} “${kept.title}”; the others are dismissed and point to it.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { findingsMessage: err.message });
			throw err;
		}
	},
	invite: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const { fields, problem } = formFields(await event.request.formData());
		const inviteValues = { respondentName: fields.respondentName ?? '', respondentEmail: fields.respondentEmail ?? '', expiresInDays: fields.expiresInDays ?? '', message: fields.message ?? '', template: fields.template ?? '' };
		if (problem) return fail(400, { inviteValues, inviteErrors: { [problem.field]: problem.message } });
		const parsed = inviteInput.safeParse(fields);
		if (!parsed.success) return fail(400, { inviteValues, inviteErrors: fieldErrors(parsed.error) });
		const [templateKey, templateVersion] = [parsed.data.template.slice(0, parsed.data.template.indexOf('@')), parsed.data.template.slice(parsed.data.template.indexOf('@') + 1)];
		try {
			const created = invitations.invite(user.actor, { platformId: id, templateKey, templateVersion, ...parsed.data });
			// Shown once: only its hash is kept, so it cannot be shown again.
			return { invited: { link: `${event.url.origin}/invite/${created.token}`, email: parsed.data.respondentEmail, expiresAt: created.invitation.expiresAt } };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { inviteValues, inviteErrors: { [err.field === 'template' ? 'template' : err.field]: err.message } });
			throw err;
		}
	},
	revokeInvitation: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const inv = await ownInvitation(event);
		if (typeof inv === 'string') return fail(400, { invitationMessage: inv });
		invitations.revoke(user.actor, inv.id);
		return { invitationDone: `The link for ${inv.respondentEmail} no longer works.` };
	},
	reissueInvitation: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const inv = await ownInvitation(event);
		if (typeof inv === 'string') return fail(400, { invitationMessage: inv });
		try {
			const fresh = invitations.reissue(user.actor, inv.id);
			return { invited: { link: `${event.url.origin}/invite/${fresh.token}`, email: inv.respondentEmail, expiresAt: fresh.invitation.expiresAt } };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { invitationMessage: err.message });
			throw err;
		}
	},
	start: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const form = await event.request.formData();
		const values = { template: String(form.get('template') ?? ''), assessors: form.getAll('assessors').map(Number), dueDate: String(form.get('dueDate') ?? '').trim() };
		const problem = formProblem(form, { lists: ['assessors'] });
		if (problem) return fail(400, { values, errors: { [problem.field]: problem.message } });
		const parsed = startInput.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: startErrors(parsed.error) });
		const [, templateKey, templateVersion] = parsed.data.template.match(TEMPLATE_CHOICE)!;
		let assessmentId: number;
		try {
			// Whether the version is still published and each assessor still an active analyst or admin is the domain's to say.
			assessmentId = assessments.create(user.actor, { platformId: id, templateKey, templateVersion, assessorIds: parsed.data.assessors, dueDate: parsed.data.dueDate || null }).assessment.id;
		} catch (err) {
			// refused(), shaped for this form: the message sits beside the field it names.
			if (!(err instanceof DomainError)) throw err;
			return fail(err.status, { values, errors: { [err.field]: err.message } });
		}
		redirect(303, `/assessments/${assessmentId}`);
	}
};
