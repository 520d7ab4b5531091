import { expect, test } from '../fixtures';
import type { Case } from '../support/fuzz-bodies';
import { BODIES, check, expectReachedValidation, type Outcome } from '../support/fuzz-send';

// The fuzz journeys pass when `check` finds nothing wrong, so `check` must see a body that was never
// answered: a worker that stopped early leaves a hole in the outcomes, and a hole is not an answer.
const cases: Case[] = Array.from({ length: BODIES }, (_, index) => ({
	index,
	label: `#${index} form`,
	body: 'x=1',
	contentType: 'application/x-www-form-urlencoded'
}));
const answer = (): Outcome => ({ status: 400, label: 'form', ok: true, kind: 'http' });

test('the fuzz check passes when every body was answered', () => {
	const outcomes = cases.map(answer);
	expect(check('every answer', cases, outcomes)).toEqual({ 400: BODIES });
});

test('the fuzz check fails when a body got no answer', () => {
	const outcomes: Outcome[] = new Array(cases.length);
	for (const c of cases.slice(0, -1)) outcomes[c.index] = answer();
	expect(() => check('one missing', cases, outcomes)).toThrow(/bodies without an answer/);
});

test('the fuzz check fails when fewer bodies were sent than it reports', () => {
	const few = cases.slice(0, 10);
	expect(() => check('ten bodies', few, few.map(answer))).toThrow(/bodies generated/);
});

test('reaching validation is counted from the answers, not assumed', () => {
	expect(() => expectReachedValidation({})).toThrow(/bodies answered/);
	expect(() => expectReachedValidation({ 400: BODIES / 2, 415: BODIES / 2 })).toThrow(
		/reached the action/
	);
	expectReachedValidation({ 400: BODIES * 0.9, 413: BODIES * 0.1 });
});
