import { describeFunctionLayout } from '@coppertone/http/testing/layout';

describeFunctionLayout('billing', import.meta.dirname);
