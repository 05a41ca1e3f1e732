import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { DecideExtensionDto } from './decide-extension.dto';

export class DecideExtensionCommand extends PetitionCommandMessage<DecideExtensionDto> {}
