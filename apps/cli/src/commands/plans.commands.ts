import { planSchema } from '@roster/contracts';
import type { Command } from 'commander';
import type { CliEnvironment } from '../credentials';
import { applyPlanById, showAndApplyPlan } from '../plan';
import { openSession, type ConnectionFlags } from '../session';

/** `roster plans show | apply`: read a preview again, and apply exactly the preview a person read, by its id. */
export function registerPlanCommands(program: Command, environment: CliEnvironment): void {
  const plans = program.command('plans').description('Plans: the previews that `tags import` and `bulk` print, applied by id');

  plans.command('show')
    .description('Print a plan previewed earlier, by the id its preview printed')
    .argument('<planId>', 'the plan\'s id')
    .option('--show-unchanged', 'list the rows that change nothing too')
    .option('--json', 'print the plan with every row as JSON')
    .action(async (planId: string, options: { json?: boolean; showUnchanged?: boolean }, command: Command) => {
      const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
      const plan = await session.client.get(`${session.orgPath}/plans/${encodeURIComponent(planId)}`, planSchema);
      await showAndApplyPlan(session, plan, {
        apply: false, json: options.json === true, showUnchanged: options.showUnchanged === true, sameCommandApplies: false,
      });
    });

  plans.command('apply')
    .description('Apply a plan previewed earlier, by the id its preview printed: exactly that preview, or nothing (exit 5) if the organization changed since')
    .argument('<planId>', 'the plan\'s id')
    .option('--json', 'print what applying did as JSON')
    .action(async (planId: string, options: { json?: boolean }, command: Command) => {
      const session = await openSession(command.optsWithGlobals<ConnectionFlags>(), environment);
      await applyPlanById(session, planId, options.json === true);
    });
}
