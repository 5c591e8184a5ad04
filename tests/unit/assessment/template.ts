// A small questionnaire covering the answer types the answering page treats differently.
import { compileTemplate, validateTemplate, type Template } from '../../../src/lib/scoring/index';

const doc = {
	format: 'clearance-template/1',
	key: 'answering',
	version: '1.0.0',
	title: 'Answering',
	sections: [
		{
			id: 'hiring',
			title: 'Hiring',
			weight: 2,
			questions: [
				{ id: 'hiring.video', prompt: 'Camera-on interviews?', type: 'yes_no', weight: 2, critical: { minScore: 1, capGrade: 'C' } },
				{ id: 'hiring.refs', prompt: 'References verified directly?', type: 'yes_partial_no', allowNA: true },
				{ id: 'hiring.notes', prompt: 'Anything else?', type: 'text' }
			]
		},
		{
			id: 'keys',
			title: 'Keys',
			questions: [
				{ id: 'keys.training', prompt: 'Trained staff', type: 'percent' },
				{
					id: 'keys.signals',
					prompt: 'Signals monitored',
					type: 'multi_choice',
					options: [
						{ value: 'vpn', label: 'VPN use', score: 0.5 },
						{ value: 'geo', label: 'Impossible travel', score: 0.5 }
					]
				},
				{ id: 'keys.maturity', prompt: 'Maturity', type: 'maturity', levels: ['0 – None', '1 – Initial', '2 – Managed', '3 – Defined', '4 – Measured', 'Optimising'] }
			]
		}
	]
};

const checked = validateTemplate(doc);
if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
export const template: Template = checked.value;
export const ct = compileTemplate(template);
export const questionOf = (id: string) => template.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
