import sharp from 'sharp';

/**
 * Whether a page image is a photograph (入户照片, 公示照片) rather than a
 * form: much of it is coloured or mid-grey tone, where a form is white paper
 * with dark text and at most a red seal.
 */
export async function looksLikePhoto(image: Buffer): Promise<boolean> {
  const { data, info } = await sharp(image).resize(64, 64, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let coloured = 0;
  let midTone = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    if (luma > 40 && luma < 200) midTone++;
  }
  const pixels = info.width * info.height;
  return coloured / pixels > 0.25 || midTone / pixels > 0.45;
}
