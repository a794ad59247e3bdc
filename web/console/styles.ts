/**
 * The consoles' one stylesheet, read once and inlined into every console page (nothing fetched from
 * elsewhere); `consoleStyleHash` lets the Content-Security-Policy allow exactly it.
 */
import path from "node:path";
import { inlineStylesheet } from "../styles/index";

const stylesheet = inlineStylesheet(path.join(__dirname, "console.css"));

export const consoleCss: string = stylesheet.css;

/** CSP source for the inlined console stylesheet, e.g. `'sha256-AbC…='`. */
export const consoleStyleHash: string = stylesheet.hash;
