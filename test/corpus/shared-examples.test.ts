import { SHARED_EXAMPLES } from '../helpers/labels';
import { corpusSuite } from '../helpers/corpus';

corpusSuite('../shared/examples (labelled by the team)', SHARED_EXAMPLES, 40);
