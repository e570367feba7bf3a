// The work function's API as TypeScript types, generated from its OpenAPI document
// (services/work, GET /api/work/openapi.json) by `npm run api:generate`. Do not edit:
// change the route's schema and run it again (npm test fails while this file is stale).

export interface paths {
  '/companies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Client companies with their number of projects and contacts (staff) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Companies */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Company'][];
            };
          };
        };
      };
    };
    put?: never;
    /** Create a client company (staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateCompanyInput'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Company'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A client company and its contacts (staff) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The company */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CompanyDetail'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/projects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Projects the caller can see (clients: their company's), newest first; filter by status and company */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
          status?: 'active' | 'on_hold' | 'done';
          company?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of projects */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Project'][];
              page: number;
              pageSize: number;
              total: number;
            };
          };
        };
      };
    };
    put?: never;
    /** Create a project for a client company (staff) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateProjectInput'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Project'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/projects/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A project; staff also get its activity log */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The project */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ProjectDetail'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a project (staff); send the version you read */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateProjectInput'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Project'];
          };
        };
      };
    };
    trace?: never;
  };
  '/projects/{id}/activity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of a project's activity log, newest first (staff); `before` is the previous page's `next` */
    get: {
      parameters: {
        query?: {
          limit?: number;
          before?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of activity */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ActivityPage'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/projects/{id}/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A project's tasks (clients: the client-visible ones); filter by status and assignee */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
          status?: 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
          assignee?: 'me' | string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of tasks */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Task'][];
              page: number;
              pageSize: number;
              total: number;
            };
          };
        };
      };
    };
    put?: never;
    /** Add a task to a project (staff); assigning mails the assignee */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateTaskInput'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** My tasks: the tasks assigned to the caller, across projects (staff): open ones first, soonest due first (undated last), then the most urgent */
    get: {
      parameters: {
        query?: {
          page?: number;
          pageSize?: number;
          status?: 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of tasks */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Task'][];
              page: number;
              pageSize: number;
              total: number;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A task (clients: only client-visible tasks of their company) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The task */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a task: status (by the workflow), assignee, fields (staff); send the version you read */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateTaskInput'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
      };
    };
    trace?: never;
  };
  '/tasks/{id}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Comments on a task (clients: those meant for them) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Comments */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Comment'][];
            };
          };
        };
      };
    };
    put?: never;
    /** Comment on a task (staff); mark it visible to the client to share it */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateCommentInput'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Comment'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Live updates (Server-Sent Events): task.changed, task.removed, project.changed — only what the caller may see */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description text/event-stream */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Company: {
      id: string;
      name: string;
      projects: number;
      contacts: number;
    };
    Error: {
      error: {
        code: string;
        message: string;
        requestId: string;
        fields?: {
          [key: string]: string;
        };
      };
    };
    CreateCompanyInput: {
      name: string;
    };
    CompanyDetail: components['schemas']['Company'] & {
      contactList: {
        id: string;
        name: string;
        email: string;
      }[];
    };
    Project: {
      id: string;
      companyId: string;
      companyName: string;
      name: string;
      description: string;
      /** @enum {string} */
      status: 'active' | 'on_hold' | 'done';
      startsOn: string | null;
      dueOn: string | null;
      budgetHours: number | null;
      hoursSpent: number;
      progress: {
        done: number;
        total: number;
      };
      version: number;
      /** @description What the caller may do with this project (change it, add tasks, move its tasks, invoice its hours) */
      can: {
        edit: boolean;
        addTask: boolean;
        changeStatus: boolean;
        invoiceHours: boolean;
      };
    };
    CreateProjectInput: {
      /** Format: uuid */
      companyId: string;
      name: string;
      /** @default  */
      description?: string;
      /**
       * @default active
       * @enum {string}
       */
      status?: 'active' | 'on_hold' | 'done';
      startsOn?: string | null;
      dueOn?: string | null;
      budgetHours?: number | null;
    };
    ProjectDetail: components['schemas']['Project'] & {
      activity?: {
        id: string;
        action: string;
        changes: {
          [key: string]: unknown;
        } | null;
        at: string;
        taskId: string | null;
        taskTitle: string | null;
        actorName: string | null;
      }[];
    };
    UpdateProjectInput: {
      version: number;
      name?: string;
      description?: string;
      /** @enum {string} */
      status?: 'active' | 'on_hold' | 'done';
      startsOn?: string | null;
      dueOn?: string | null;
      budgetHours?: number | null;
    };
    ActivityPage: {
      items: {
        id: string;
        action: string;
        changes: {
          [key: string]: unknown;
        } | null;
        at: string;
        taskId: string | null;
        taskTitle: string | null;
        actorName: string | null;
      }[];
      next: string | null;
    };
    Task: {
      id: string;
      projectId: string;
      companyId: string;
      title: string;
      description: string;
      assigneeId: string | null;
      assigneeName: string | null;
      dueOn: string | null;
      /** @enum {string} */
      priority: 'low' | 'normal' | 'high' | 'urgent';
      /** @enum {string} */
      status: 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
      visibleToClient: boolean;
      hoursSpent: number;
      version: number;
      /** @description The statuses the caller may move this task to now (empty: they may not move it) */
      allowedMoves: ('todo' | 'in_progress' | 'in_review' | 'done' | 'blocked')[];
    };
    CreateTaskInput: {
      title: string;
      /** @default  */
      description?: string;
      /** Format: uuid */
      assigneeId?: string | null;
      dueOn?: string | null;
      /**
       * @default normal
       * @enum {string}
       */
      priority?: 'low' | 'normal' | 'high' | 'urgent';
      /** @default false */
      visibleToClient?: boolean;
    };
    UpdateTaskInput: {
      version: number;
      title?: string;
      description?: string;
      /** Format: uuid */
      assigneeId?: string | null;
      dueOn?: string | null;
      /** @enum {string} */
      priority?: 'low' | 'normal' | 'high' | 'urgent';
      /** @enum {string} */
      status?: 'todo' | 'in_progress' | 'in_review' | 'done' | 'blocked';
      visibleToClient?: boolean;
      hoursSpent?: number;
    };
    Comment: {
      id: string;
      taskId: string;
      authorName: string | null;
      body: string;
      visibleToClient: boolean;
    };
    CreateCommentInput: {
      body: string;
      /** @default false */
      visibleToClient?: boolean;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
