// The web unit tests are linted with web/'s rules and node's globals: ESLint reads the
// config beside each file, and the rules (and ESLint itself) live in web/.
import { nodeFiles } from '../../web/eslint.config.js';

export default nodeFiles(['**/*.js']);
