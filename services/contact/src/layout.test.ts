import { describeFunctionLayout } from '@coppertone/http/testing/layout';

describeFunctionLayout('contact', import.meta.dirname);
