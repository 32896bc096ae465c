/** File names of the image types people send; used only when a platform gives no MIME type. */
const IMAGE_NAME = /\.(png|jpe?g|webp|gif|tiff?|avif|bmp|heic)$/i;

/**
 * Does a file the platform describes claim to be an image? Its declared MIME type decides; without one,
 * its name. The one check every adapter uses before offering a file to a job (the bytes are sniffed later).
 */
export function claimsImage(file: { contentType?: string | null; name?: string | null }): boolean {
  if (file.contentType) return file.contentType.toLowerCase().startsWith('image/');
  return IMAGE_NAME.test(file.name ?? '');
}
