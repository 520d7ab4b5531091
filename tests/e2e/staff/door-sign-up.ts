import type { EventPage, SignupValues } from '../pages/event-page';
import type { RegisteredPage } from '../pages/registered-page';
import { DOOR_EVENT, titleOf } from '../support/data';

/** Signs a person up for today's door event through the public form, as a visitor would. */
export async function signUpForDoorEvent(
	eventPage: (locale: 'fi') => EventPage,
	registeredPage: (locale: 'fi') => RegisteredPage,
	person: SignupValues
): Promise<void> {
	const event = eventPage('fi');
	await event.goto(DOOR_EVENT);
	await event.fill(person);
	await event.submit();
	await registeredPage('fi').expectLanded(DOOR_EVENT, titleOf(DOOR_EVENT, 'fi'));
}
