import { mountPage } from '../../shared/mount-page';
import { ComponentPanel } from './ComponentPanel';

mountPage(<ComponentPanel />);
