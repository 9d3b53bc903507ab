// The default routing table: agent type -> words that are evidence for it. Matching is by whole word (README
// "Routing"), so "ui" never matches inside "build" and "auth" never inside "author". Entries starting with `.` are
// file extensions, entries ending with `/` are path segments (`tests/`). squad.config.yaml can extend or replace it.

export const DEFAULT_AGENT = 'backend-architect';

export const DEFAULT_KEYWORDS: Record<string, string[]> = {
  'frontend-developer': ['frontend', 'front-end', 'ui', 'ux', 'react', 'vue', 'svelte', 'angular', 'nextjs', 'component',
    'components', 'css', 'scss', 'tailwind', 'style', 'styles', 'styling', 'layout', 'page', 'pages', 'view', 'views',
    'button', 'modal', 'form', 'dashboard', 'responsive', 'hook', 'hooks', 'browser', 'dom', 'html', 'jsx', 'tsx',
    'animation', 'animations', 'chart', 'charts', 'screen', 'widget', '.tsx', '.jsx', '.css', '.scss', '.html',
    '.vue', '.svelte', 'components/', 'frontend/', 'pages/', 'app/', 'ui/', 'views/', 'hooks/'],
  'backend-architect': ['backend', 'back-end', 'api', 'apis', 'endpoint', 'endpoints', 'server', 'rest', 'graphql',
    'route', 'routes', 'routing', 'handler', 'handlers', 'service', 'services', 'middleware', 'websocket', 'http',
    'controller', 'fastapi', 'express', 'grpc', 'queue', 'worker', 'cache', 'backend/', 'api/', 'server/', 'services/'],
  'test-automator': ['test', 'tests', 'testing', 'pytest', 'jest', 'vitest', 'e2e', 'coverage', 'fixture', 'fixtures',
    'unit', 'integration', 'regression', 'playwright', 'cypress', 'mock', 'mocks', 'tests/', 'test/',
    '__tests__/', 'spec/', 'e2e/'],
  'database-architect': ['database', 'db', 'schema', 'schemas', 'migration', 'migrations', 'sql', 'postgres',
    'postgresql', 'sqlite', 'mysql', 'mongodb', 'table', 'tables', 'index', 'indexes', 'orm', 'redis', 'query',
    'queries', 'alembic', 'prisma', 'sqlalchemy', 'seed', '.sql', 'migrations/', 'db/', 'models/'],
  'security-auditor': ['security', 'auth', 'authentication', 'authorization', 'oauth', 'jwt', 'token', 'tokens',
    'credential', 'credentials', 'secret', 'secrets', 'encryption', 'encrypt', 'vulnerability', 'csrf', 'xss', 'ssrf',
    'permission', 'permissions', 'rbac', 'audit', 'privacy', 'password', 'sanitize', 'auth/', 'security/'],
  'ai-ml-engineer': ['ml', 'ai', 'llm', 'prompt', 'prompts', 'embedding', 'embeddings', 'inference', 'training', 'model-training',
    'anomaly', 'prediction', 'predictor', 'predictive', 'forecast', 'classifier', 'clustering', 'segmentation', 'neural',
    'pytorch', 'tensorflow', 'sklearn', 'openai', 'anthropic', 'insights', 'rag', 'vector', '.ipynb', 'ml/', 'prompts/'],
  'devops-engineer': ['docker', 'dockerfile', 'compose', 'kubernetes', 'k8s', 'helm', 'ci', 'cd', 'pipeline', 'deploy',
    'deployment', 'workflow', 'workflows', 'terraform', 'infra', 'infrastructure', 'nginx', 'makefile', 'release',
    'monitoring', 'containerfile', 'container', 'kafka', 'observability', 'tracing', 'lint', 'linting', 'tooling',
    '.github/', 'deploy/', 'infra/', '.yml', '.tf'],
  'docs-writer': ['docs', 'documentation', 'readme', 'guide', 'tutorial', 'changelog', 'adr', 'document', 'quickstart',
    '.md', '.mdx', 'docs/'],
};
