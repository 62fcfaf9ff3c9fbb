import { mountPage } from '../../shared/mount-page';
import { AdminPage } from './AdminPage';

mountPage(<AdminPage />);
