import { describeFunctionLayout } from '@coppertone/http/testing/layout';

describeFunctionLayout('identity', import.meta.dirname);
