import { processImage } from '../images';
import { loadSharp } from '../sharp';

/**
 * The demo truck show's picture, drawn here rather than shipped as a file: an evening sky, a road
 * and a truck's silhouette. No people, so nothing to consent to.
 */
const TRUCK_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
	<defs>
		<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
			<stop offset="0" stop-color="#1d3557"/>
			<stop offset="0.6" stop-color="#457b9d"/>
			<stop offset="1" stop-color="#f4a261"/>
		</linearGradient>
	</defs>
	<rect width="1600" height="900" fill="url(#sky)"/>
	<rect y="700" width="1600" height="200" fill="#2b2d42"/>
	<rect y="790" width="1600" height="12" fill="#edf2f4" opacity="0.6"/>
	<g fill="#0b0c10">
		<rect x="330" y="420" width="640" height="260" rx="10"/>
		<path d="M990 480 h170 l110 110 v90 h-280 z"/>
		<rect x="1010" y="500" width="120" height="70" fill="#8ecae6"/>
		<circle cx="450" cy="700" r="58"/>
		<circle cx="600" cy="700" r="58"/>
		<circle cx="1150" cy="700" r="58"/>
	</g>
	<g fill="#adb5bd">
		<circle cx="450" cy="700" r="22"/>
		<circle cx="600" cy="700" r="22"/>
		<circle cx="1150" cy="700" r="22"/>
	</g>
</svg>`;

export const DEMO_IMAGE_ALT = {
	altFi: 'Kuorma-auton siluetti iltataivasta vasten',
	altSv: 'En lastbils siluett mot kvällshimlen',
	altEn: 'A truck’s silhouette against the evening sky'
};

/** The demo picture, processed as an upload would be (rasterised first: uploads are never SVG). */
export async function demoImage() {
	const sharp = await loadSharp();
	const png = await sharp(Buffer.from(TRUCK_SVG)).png().toBuffer();
	const processed = await processImage(png);
	if (!processed.ok) throw new Error(`The demo image did not process: ${processed.problem}`);
	return processed;
}
