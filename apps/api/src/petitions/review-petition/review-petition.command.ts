import { PetitionCommandMessage } from '../shared/petition-command-message';
import type { ReviewPetitionDto } from './review-petition.dto';

export class ReviewPetitionCommand extends PetitionCommandMessage<ReviewPetitionDto> {}
