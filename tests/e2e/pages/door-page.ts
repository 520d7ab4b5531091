import { expect, type Locator } from '@playwright/test';
import type { ScanOutcome } from '../../../src/lib/door';
import { StaffPage } from './staff-page';

/** The door page of an event: the ticket code field, the camera, the scan answer and the lists. */
export class DoorPage extends StaffPage {
	/** Opens the door page of the event with `eventId`. */
	async open(eventId: string): Promise<void> {
		await this.goto(`/staff/events/${eventId}/checkin`, 'door page');
	}

	get codeField(): Locator {
		return this.page.getByLabel(this.text('staff_door_code_label'), { exact: true });
	}

	/** Types a code as a keyboard-wedge scanner does: the characters, then Enter. */
	async scanWithWedge(code: string): Promise<void> {
		await this.codeField.focus();
		await this.page.keyboard.type(code, { delay: 0 });
		await this.page.keyboard.press('Enter');
	}

	async openCamera(): Promise<void> {
		await this.page.getByRole('button', { name: this.text('staff_door_camera_open') }).click();
	}

	async closeCamera(): Promise<void> {
		await this.page.getByRole('button', { name: this.text('staff_door_camera_close') }).click();
	}

	/** The scan answer, announced in the page's status region. */
	answer(outcome: ScanOutcome): Locator {
		return this.page.getByRole('status').locator(`[data-outcome="${outcome}"]`);
	}

	/** Waits for the answer `outcome` in words, with `text` (a name, a time) in it too. */
	async expectAnswer(outcome: ScanOutcome, ...texts: string[]): Promise<Locator> {
		const answer = this.answer(outcome);
		await expect(answer).toContainText(this.text(`staff_door_outcome_${outcome}`));
		for (const text of texts) await expect(answer).toContainText(text);
		return answer;
	}
}
