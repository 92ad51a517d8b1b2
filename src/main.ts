/**
 * The image's entry point: the plugin server (`cloudforet-ec2 serve`). Its
 * start-up order (port first, then the protocol stack, then the slow parts)
 * lives with the command.
 */
import { run } from "./cli/commands/serve.js";

await run(process.argv.slice(2));
