/**
 * `npm run build:man`: writes cli/vnet.1 from the table of commands. The
 * page is checked in (npm and the deb ship it); manpage.test.ts fails when
 * it is not what this would write.
 */
import { writeFileSync } from 'node:fs';
import { COMMANDS } from './commands.js';
import { MAN_PAGE_PATH, manPage } from './help.js';

writeFileSync(MAN_PAGE_PATH, manPage(COMMANDS));
console.log(`build:man: wrote ${MAN_PAGE_PATH}`);
