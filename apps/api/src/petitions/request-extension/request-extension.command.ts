import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { RequestExtensionDto } from './request-extension.dto';

export class RequestExtensionCommand extends PetitionCommandMessage<RequestExtensionDto> {}
