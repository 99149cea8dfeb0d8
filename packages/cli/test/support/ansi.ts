/** The escape that starts every ANSI sequence (colours, erasing a line). */
export const ESC = String.fromCharCode(27);

export function stripAnsi(text: string): string {
  return text.replace(new RegExp(`${ESC}\\[[\\d;]*[mK]`, 'g'), '');
}
