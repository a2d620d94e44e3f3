import path from 'node:path';
import { REPO_ROOT } from '../helpers/labels';
import { corpusSuite } from '../helpers/corpus';

corpusSuite('examples/ (the project corpus)', path.join(REPO_ROOT, 'examples'), 60);
