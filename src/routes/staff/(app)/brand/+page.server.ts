import { fail, message, setError, superValidate, withFiles } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { brandSchema, footerLinksOf, linkFieldsOf } from '$lib/schemas/brand';
import { requireStaff } from '$lib/server/auth/guard';
import * as brand from '$lib/server/brand';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';

export type BrandMessage = { kind: 'saved' | 'logoRemoved' };

/** What the admin set, not what falls back to configuration: an empty field means "the default". */
async function savedValues() {
	const row = await brand.readBrandRow(await db());
	return {
		name: row?.name ?? '',
		colour: row?.colour ?? '',
		...linkFieldsOf(row?.footerLinks ?? [])
	};
}

function logoView() {
	const logo = brand.currentBrand().logo;
	if (!logo) return null;
	return {
		src: `/brand/logo-${logo.hash}.${logo.hasSvg ? 'svg' : 'png'}`,
		width: logo.width,
		height: logo.height
	};
}

export const load: PageServerLoad = async () => {
	requireStaff('brand.manage');
	return {
		form: await superValidate(await savedValues(), zod4(brandSchema), { errors: false }),
		logo: logoView(),
		logoMaxBytes: brand.LOGO_MAX_BYTES,
		name: brand.currentBrand().name
	};
};

const LOGO_ERRORS = { type: 'logoType', size: 'logoSize', unreadable: 'logoUnreadable' } as const;

export const actions: Actions = {
	save: async ({ request }) => {
		const user = requireStaff('brand.manage');
		const form = await superValidate(request, zod4(brandSchema));
		if (!form.valid) return fail(400, withFiles({ form }));
		const logo = form.data.logo;
		const result = await brand.saveBrand(
			await db(),
			{ kind: 'staff', id: user.id },
			{
				name: form.data.name,
				colour: form.data.colour,
				footerLinks: footerLinksOf(form.data),
				logo: logo && logo.size > 0 ? Buffer.from(await logo.arrayBuffer()) : null
			}
		);
		if (!result.ok) {
			if (result.field === 'colour') {
				return setError(withFiles(form), 'colour', `contrast:${result.ratio}`);
			}
			if (result.field === 'logo') {
				return setError(withFiles(form), 'logo', LOGO_ERRORS[result.reason]);
			}
			return setError(withFiles(form), 'link0Url', 'urlInvalid');
		}
		return message(withFiles(form), { kind: 'saved' } satisfies BrandMessage);
	},

	removeLogo: async () => {
		const user = requireStaff('brand.manage');
		await brand.removeLogo(await db(), { kind: 'staff', id: user.id });
		const form = await superValidate(await savedValues(), zod4(brandSchema), { errors: false });
		return message(form, { kind: 'logoRemoved' } satisfies BrandMessage);
	}
};
